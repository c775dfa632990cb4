package rules_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/preflight-data/preflight/rules"
)

// TestSettings checks the rule parameters config's rule-settings sets:
// the same data is judged or not by where the threshold lies.
func TestSettings(t *testing.T) {
	december := trHeader +
		"1001,5501,customer,Where is my order?,2023-12-02T10:00:00Z\n" +
		"1002,5502,customer,Can I return a gift?,2023-12-27T15:30:00Z\n" +
		"1003,5503,customer,Holiday hours?,2023-12-24T09:10:00Z\n"
	var eight, eightLater strings.Builder
	for i, text := range []string{"a", "b", "c", "d", "e", "f", "g", "h"} {
		role, sender := "customer", "u1"
		if i%2 == 1 {
			role, sender = "agent", "a1"
		}
		eight.WriteString("c1," + sender + "," + role + "," + text + ",2024-05-01T10:0" + string(rune('0'+i)) + ":00Z\n")
		eightLater.WriteString("c2," + sender + "," + role + "," + text + ",2024-05-02T10:0" + string(rune('0'+i)) + ":00Z\n")
	}
	repeated := trHeader + eight.String() + eightLater.String()
	for _, c := range []struct {
		name, data, rule string
		settings         rules.Settings
		want             []string
	}{
		{"sampling: 3 conversations are below the default minimum of 50", december, rules.TranscriptSamplingSpan, rules.Settings{}, nil},
		{"sampling: judged from min-conversations 3", december, rules.TranscriptSamplingSpan, rules.Settings{SamplingMinConversations: 3},
			[]string{"transcript/sampling-window chats.csv:0", "transcript/sampling-window chats.csv:0"}},
		{"sampling: min-conversations 4 leaves 3 unjudged", december, rules.TranscriptSamplingSpan, rules.Settings{SamplingMinConversations: 4}, nil},
		{"repeated: 8 messages reach the default min-messages", repeated, rules.TranscriptRepeatedContent, rules.Settings{},
			[]string{"transcript/repeated-content chats.csv:10"}},
		{"repeated: min-messages 9 keeps them quiet", repeated, rules.TranscriptRepeatedContent, rules.Settings{RepeatedMinMessages: 9}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "chats.csv"), []byte(c.data), 0o644); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range allFindings(t, run(t, dir, rules.Options{Settings: c.settings}), dir) {
				if strings.HasPrefix(f, c.rule+" ") {
					got = append(got, f)
				}
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("findings %v, want %v", got, c.want)
			}
		})
	}
}
