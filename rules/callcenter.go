package rules

import (
	"fmt"
	"strconv"

	"github.com/preflight-data/preflight/records"
	"github.com/preflight-data/preflight/schemas"
)

// Field indexes in the built-in call_center schema, checked by TestFieldIndexes.
const (
	ccCallStart      = 2
	ccCallEnd        = 3
	ccAssigned       = 4
	ccSurveyOffered  = 6
	ccSurveyTaken    = 7
	ccIVRResolved    = 11
	ccIVRAbandoned   = 12
	ccTimeInQueue    = 14
	ccCallHandleTime = 16
	ccCallWrapTime   = 17
)

func (fc *fileCtx) checkCallCenter(row *Row) {
	if row.TSOK[ccCallStart] {
		fc.stats.day(row.TS[ccCallStart])
	}
	if v := row.V[ccTimeInQueue]; v != nil && v.Kind != records.Null {
		if n, err := strconv.ParseInt(string(v.Raw), 10, 64); err == nil {
			fc.stats.queue[queueIndex(n)]++
		}
	}
	fc.callWindows(row)
	if boolOf(row.V[ccSurveyTaken]) == 1 && boolOf(row.V[ccSurveyOffered]) == 0 {
		fc.contradiction(row, CallSurvey, ccSurveyTaken, "survey_taken is true but survey_offered is false",
			"A survey can only be taken when it was offered: set survey_offered to true, or survey_taken to false.")
	}
	if boolOf(row.V[ccIVRResolved]) == 1 && boolOf(row.V[ccIVRAbandoned]) == 1 {
		fc.contradiction(row, CallIVR, ccIVRAbandoned, "ivr_resolved and ivr_abandoned are both true",
			"A caller either got a self-service answer (ivr_resolved) or left without one (ivr_abandoned): set one to false.")
	}
	for _, i := range [...]int{ccTimeInQueue, ccCallHandleTime, ccCallWrapTime} {
		fc.negative(row, i)
	}
}

// callWindows holds call_end, and the time an agent answered, to the call.
func (fc *fileCtx) callWindows(row *Row) {
	if row.TSOK[ccCallStart] && row.TSOK[ccCallEnd] && row.TS[ccCallEnd] < row.TS[ccCallStart] && fc.coll.want(CallWindow) {
		f := fc.valueFinding(CallWindow, row, &fc.feed.Fields[ccCallEnd], row.V[ccCallEnd])
		f.Message = fmt.Sprintf("call_end is before call_start %s", Truncate(row.V[ccCallStart].Raw))
		f.Fix = "Check the export's time zone handling and column mapping: a call ends after it starts."
		fc.coll.add(f)
	}
	if !row.TSOK[ccAssigned] || !row.TSOK[ccCallStart] {
		return
	}
	a := row.TS[ccAssigned]
	out := a < row.TS[ccCallStart] || (row.TSOK[ccCallEnd] && a > row.TS[ccCallEnd])
	if out && fc.coll.want(CallAssignedWindow) {
		f := fc.valueFinding(CallAssignedWindow, row, &fc.feed.Fields[ccAssigned], row.V[ccAssigned])
		f.Message = fmt.Sprintf("call_assigned_to_agent is outside the call, %s to %s", Truncate(row.V[ccCallStart].Raw), rawOr(row.V[ccCallEnd]))
		f.Fix = "An agent answers between call_start and call_end; check the time zones of the three columns."
		fc.coll.add(f)
	}
}

// contradiction reports two flags of a record that cannot both hold, at
// field i; the message names both values, so the finding carries none.
func (fc *fileCtx) contradiction(row *Row, rule string, i int, msg, fix string) {
	if !fc.coll.want(rule) {
		return
	}
	f := fc.valueFinding(rule, row, &fc.feed.Fields[i], row.V[i])
	f.Value = ""
	f.Message, f.Fix = msg, fix
	fc.coll.add(f)
}

// negative reports a negative number in a duration, count or quantity field.
func (fc *fileCtx) negative(row *Row, i int) {
	v := row.V[i]
	if v == nil || v.Kind == records.Null || !schemas.IsNegative(v.Raw) || !schemas.IsDecimal(v.Raw) {
		return
	}
	if fc.coll.want(ValueNegative) {
		fl := &fc.feed.Fields[i]
		f := fc.valueFinding(ValueNegative, row, fl, v)
		f.Message = fmt.Sprintf("%s is negative", fl.Name)
		f.Fix = fmt.Sprintf("%s cannot be below zero: write NULL when unknown, and check the export's arithmetic.", fl.Name)
		fc.coll.add(f)
	}
}

// boolOf is 1 for true, 0 for false, -1 for anything else (absent, null, invalid).
func boolOf(v *records.Value) int {
	if v == nil || v.Kind == records.Null {
		return -1
	}
	b, ok := schemas.ParseBool(v.Raw)
	if !ok {
		return -1
	}
	if b {
		return 1
	}
	return 0
}

func rawOr(v *records.Value) string {
	if v == nil {
		return "?"
	}
	return Truncate(v.Raw)
}

func queueIndex(seconds int64) int {
	i := 0
	for k, lo := range QueueBuckets {
		if seconds >= int64(lo) {
			i = k
		}
	}
	return i
}
