// Package repair holds the mechanical repairs of single values: a
// near-miss timestamp rewritten in UTC, a sender_role's case folded, a
// boolean's case folded, a number sent as a JSON string made a number.
// Each is exact and meaning-preserving, and refuses anything it would have
// to guess. It is the one definition both `preflight fix` applies and
// check's SARIF fixes show, so a viewer never suggests a change fix would
// not make.
package repair

import (
	"bytes"
	"strings"

	"github.com/preflight-data/preflight/schemas"
)

// Roles are the sender roles the spec allows.
var Roles = [...]string{"agent", "customer", "bot"}

func isRole(s string) bool {
	for _, r := range Roles {
		if s == r {
			return true
		}
	}
	return false
}

// Role maps a sender_role to one the spec allows: case and surrounding
// spaces are folded ("Agent", " CUSTOMER "), and other words only through
// synonyms, an explicit map from a lower-case word to a role (--role-map
// user=customer). ok is false when b is already a role or nothing maps it.
func Role(b []byte, synonyms map[string]string) (out []byte, ok bool) {
	s := string(b)
	if isRole(s) {
		return nil, false
	}
	folded := strings.ToLower(strings.TrimSpace(s))
	if isRole(folded) {
		return []byte(folded), true
	}
	if r, found := synonyms[folded]; found && isRole(r) {
		return []byte(r), true
	}
	return nil, false
}

// Bool folds the case of true and false ("TRUE", "False", " true "). 1/0,
// yes/no or Y/N are not mapped: the spec's Bool is true/false, and reading
// a digit as a truth value would be a guess. ok is false when b is already
// exactly true or false, or is not a boolean.
func Bool(b []byte) (out []byte, ok bool) {
	if _, exact := schemas.ParseBool(b); exact {
		return nil, false
	}
	t := bytes.TrimSpace(b)
	switch {
	case bytes.EqualFold(t, []byte("true")):
		return []byte("true"), true
	case bytes.EqualFold(t, []byte("false")):
		return []byte("false"), true
	}
	return nil, false
}

// Trim drops the spaces around a typed value (an Integer, Decimal or
// Bool column) when what remains is valid: " 600" is 600. ok is false when
// b is valid as it is or stays invalid trimmed. out shares b's bytes.
func Trim(b []byte, valid func([]byte) bool) (out []byte, ok bool) {
	if valid(b) {
		return nil, false
	}
	t := bytes.TrimSpace(b)
	if len(t) == len(b) || !valid(t) {
		return nil, false
	}
	return t, true
}

// JSONNumber is the JSON form of a spec Integer (integer) or Decimal
// written as text: surrounding spaces dropped and leading zeros removed
// (JSON forbids them: 007 is 7, -00.50 is -0.50), every other digit kept
// as written, so a decimal is never rounded through a float. ok is false
// when b is not a plain Integer or Decimal. out may share b's bytes.
func JSONNumber(b []byte, integer bool) (out []byte, ok bool) {
	t := bytes.TrimSpace(b)
	if integer && !schemas.IsInteger(t) || !integer && !schemas.IsDecimal(t) {
		return nil, false
	}
	neg := t[0] == '-'
	digits := t
	if neg {
		digits = t[1:]
	}
	i := 0
	for i+1 < len(digits) && digits[i] == '0' && digits[i+1] != '.' {
		i++
	}
	if !neg {
		return digits[i:], true
	}
	out = make([]byte, 0, 1+len(digits)-i)
	out = append(out, '-')
	return append(out, digits[i:]...), true
}
