package rules

import (
	"testing"

	"github.com/preflight-data/preflight/schemas"
)

// The feed rules address fields by constant index for speed; this keeps the
// constants honest against the embedded schemas.
func TestFieldIndexes(t *testing.T) {
	check := func(feed string, want map[string]int) {
		f, _ := schemas.Builtin(feed)
		for name, idx := range want {
			if got, ok := f.Lookup(name); !ok || got != idx {
				t.Errorf("%s.%s: index %d in the schema, %d in the rules", feed, name, got, idx)
			}
		}
	}
	check("call_center", map[string]int{"call_start": ccCallStart, "call_end": ccCallEnd, "call_assigned_to_agent": ccAssigned,
		"survey_offered": ccSurveyOffered, "survey_taken": ccSurveyTaken, "ivr_resolved": ccIVRResolved, "ivr_abandoned": ccIVRAbandoned,
		"time_in_queue": ccTimeInQueue, "call_handle_time": ccCallHandleTime, "call_wrap_time": ccCallWrapTime})
	check("sales_attribution", map[string]int{"transaction_time": salesTime, "external_customer_id": salesExternalCustomer, "issue_id": salesIssueID, "product_quantity": salesQuantity})
	check("transcripts", map[string]int{"conversation_externalId": trConversation, "sender_externalId": trSender, "sender_role": trRole, "text": trText, "timestamp": trTimestamp})
}

func TestStats(t *testing.T) {
	s := fileStats{feed: "call_center"}
	s.day(0)
	s.day(86400e9 - 1)
	s.day(86400e9)
	s.queue[queueIndex(5)]++
	s.queue[queueIndex(700)]++
	out := s.toStats()
	if out.CallsPerDay["1970-01-01"] != 2 || out.CallsPerDay["1970-01-02"] != 1 {
		t.Errorf("calls per day: %v", out.CallsPerDay)
	}
	if out.QueueSeconds[0] != 1 || out.QueueSeconds[600] != 1 {
		t.Errorf("queue: %v", out.QueueSeconds)
	}
}
