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
	if row.TSOK[ccCallStart] && row.TSOK[ccCallEnd] && row.TS[ccCallEnd] < row.TS[ccCallStart] && fc.coll.want(CallWindow) {
		f := fc.valueFinding(CallWindow, row, &fc.feed.Fields[ccCallEnd], row.V[ccCallEnd])
		f.Message = fmt.Sprintf("call_end is before call_start %s", Truncate(row.V[ccCallStart].Raw))
		f.Fix = "Check the export's time zone handling and column mapping: a call ends after it starts."
		fc.coll.add(f)
	}
	if row.TSOK[ccAssigned] && row.TSOK[ccCallStart] {
		a := row.TS[ccAssigned]
		out := a < row.TS[ccCallStart] || (row.TSOK[ccCallEnd] && a > row.TS[ccCallEnd])
		if out && fc.coll.want(CallAssignedWindow) {
			f := fc.valueFinding(CallAssignedWindow, row, &fc.feed.Fields[ccAssigned], row.V[ccAssigned])
			f.Message = fmt.Sprintf("call_assigned_to_agent is outside the call, %s to %s", Truncate(row.V[ccCallStart].Raw), rawOr(row.V[ccCallEnd]))
			f.Fix = "An agent answers between call_start and call_end; check the time zones of the three columns."
			fc.coll.add(f)
		}
	}
	if boolOf(row.V[ccSurveyTaken]) == 1 && boolOf(row.V[ccSurveyOffered]) == 0 && fc.coll.want(CallSurvey) {
		f := fc.valueFinding(CallSurvey, row, &fc.feed.Fields[ccSurveyTaken], row.V[ccSurveyTaken])
		f.Value = "" // the message names both values
		f.Message = "survey_taken is true but survey_offered is false"
		f.Fix = "A survey can only be taken when it was offered: set survey_offered to true, or survey_taken to false."
		fc.coll.add(f)
	}
	if boolOf(row.V[ccIVRResolved]) == 1 && boolOf(row.V[ccIVRAbandoned]) == 1 && fc.coll.want(CallIVR) {
		f := fc.valueFinding(CallIVR, row, &fc.feed.Fields[ccIVRAbandoned], row.V[ccIVRAbandoned])
		f.Value = "" // the message names both values
		f.Message = "ivr_resolved and ivr_abandoned are both true"
		f.Fix = "A caller either got a self-service answer (ivr_resolved) or left without one (ivr_abandoned): set one to false."
		fc.coll.add(f)
	}
	for _, i := range [...]int{ccTimeInQueue, ccCallHandleTime, ccCallWrapTime} {
		fc.negative(row, i)
	}
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
