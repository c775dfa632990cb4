package rules

// The call_center/ rules.
const (
	CallWindow         = "call_center/call-window"
	CallAssignedWindow = "call_center/assigned-window"
	CallSurvey         = "call_center/survey-consistency"
	CallIVR            = "call_center/ivr-consistency"
)

var ruleCallWindow = Info{
	ID:       CallWindow,
	Severity: Error,
	Feeds:    cc,
	Summary:  "call_end is before call_start",
	Why:      "ASAPP computes call duration as call_end minus call_start; an end before the start gives a negative duration that corrupts handle-time metrics. It usually means swapped columns or mixed time zones.",
	Spec:     "duration of call should be Call End - Call Start.",
	Fix:      "Make call_end the time the call ended, at or after call_start, both in UTC; check the columns are not swapped.",
	Examples: Examples{Bad: []string{"calls.csv"}, Good: []string{"calls.csv"}},
	check:    callCenterCheck,
}

var ruleCallAssignedWindow = Info{
	ID:       CallAssignedWindow,
	Severity: Warning,
	Feeds:    cc,
	Summary:  "call_assigned_to_agent outside [call_start, call_end]",
	Why:      "A call cannot be answered by an agent before it is received or after it ends; such a call_assigned_to_agent skews queue and handle-time metrics and usually signals a time-zone or column mix-up.",
	Spec:     "The date/time the call was answered by the agent.",
	Fix:      "Set call_assigned_to_agent to the UTC time the agent answered, between call_start and call_end, or NULL if the call never reached an agent.",
	Examples: Examples{Bad: []string{"calls.csv"}, Good: []string{"calls.csv"}},
	check:    callCenterCheck,
}

var ruleCallSurvey = Info{
	ID:       CallSurvey,
	Severity: Warning,
	Feeds:    cc,
	Summary:  "survey_taken is true while survey_offered is false",
	Why:      "survey_taken only has meaning when a survey was offered, so taken without offered is contradictory and distorts survey response rates.",
	Spec:     "When a survey was offered, whether it was completed or not.",
	Fix:      "Set survey_offered to true for calls where a survey was taken, or correct survey_taken to false.",
	Examples: Examples{Bad: []string{"calls.csv"}, Good: []string{"calls.csv"}},
	check:    callCenterCheck,
}

var ruleCallIVR = Info{
	ID:       CallIVR,
	Severity: Warning,
	Feeds:    cc,
	Summary:  "ivr_resolved and ivr_abandoned both true",
	Why:      "By the spec's definitions a caller resolved by the IVR received a self-service response, while an abandoning caller did not, so both true is contradictory and double-counts the call in IVR containment metrics.",
	Spec:     "Caller triggered a self-service response from the IVR and then disconnected.\nCaller disconnected without receiving a self-service response from IVR nor being placed in live agent queue.",
	Fix:      "Set at most one of ivr_resolved and ivr_abandoned to true, following your IVR's outcome for the call.",
	Examples: Examples{Bad: []string{"calls.csv"}, Good: []string{"calls.csv"}},
	check:    callCenterCheck,
}

// callCenterCheck is the call_center feed's pass: the four rules compare
// fields of one record, and it counts calls per day and queue times for
// the report (value/negative's fields too).
var callCenterCheck = &check{row: (*fileCtx).checkCallCenter, inParts: true}
