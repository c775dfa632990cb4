package rules

// The transcript/ rules.
const (
	TranscriptRole            = "transcript/sender-role"
	TranscriptConflict        = "transcript/sender-conflict"
	TranscriptOrder           = "transcript/chronological-order"
	TranscriptDuplicate       = "transcript/duplicate-conversation"
	TranscriptRepeatedContent = "transcript/repeated-content"
	TranscriptSplit           = "transcript/conversation-split"
	TranscriptEmptyText       = "transcript/empty-text"
	TranscriptSingleParty     = "transcript/single-party"
	TranscriptSamplingSpan    = "transcript/sampling-window"
)

var ruleTranscriptRole = Info{
	ID:       TranscriptRole,
	Severity: Error,
	Fixable:  true,
	Feeds:    tr,
	Summary:  "sender_role is not exactly agent, customer or bot",
	Why:      "ASAPP's model training keys on sender_role; a value other than exactly agent, customer or bot (Agent, AGENT, user, system) is not recognised, so the message is dropped or attributed to the wrong party. The conversation is not also reported by transcript/single-party for it: a wrong role that clearly names a party counts as that party, and one that names none leaves the conversation unjudged.",
	Spec:     "Supported values are 'agent', 'customer' or 'bot'",
	Fix:      "Map roles to exactly `agent`, `customer` or `bot` in lower case (e.g. Agent or rep to agent, user to customer, system or ivr to bot).",
	Examples: Examples{Bad: []string{"transcripts.csv"}, Good: []string{"transcripts.csv"}},
	check:    transcriptCheck,
}

var ruleTranscriptConflict = Info{
	ID:       TranscriptConflict,
	Severity: Error,
	Feeds:    tr,
	Summary:  "Same sender_externalId with two roles in one conversation",
	Why:      "One sender appearing as two roles in one conversation makes it unclear who said what, so the transcript teaches models the wrong speaker turns; it usually means sender IDs were mixed up in the export.",
	Spec:     "Each utterance is clearly demarcated and sent by one identified sender",
	Fix:      "Give each participant one sender_externalId and one role per conversation; check the export does not reuse an agent ID for the customer.",
	Examples: Examples{Bad: []string{"transcripts.csv"}, Good: []string{"transcripts.csv"}},
	check:    transcriptCheck,
}

var ruleTranscriptOrder = Info{
	ID:       TranscriptOrder,
	Severity: Error,
	Fixable:  true,
	Feeds:    tr,
	Summary:  "Message earlier than the previous message of its conversation",
	Why:      "Transcripts are read in file order; a message earlier than the one before it scrambles the dialogue, so models learn answers that precede their questions. A conversation that starts over with a copy of itself (1-2-3-1-2-3) is not out of order but exported twice: that is one transcript/duplicate-conversation finding instead, since sorting it would only leave every message doubled.",
	Spec:     "Utterances are in chronological order and complete, from beginning to very end of the conversation",
	Fix:      "Sort each conversation's messages by timestamp before writing, e.g. ORDER BY conversation_externalId, timestamp.",
	Examples: Examples{Bad: []string{"transcripts.csv"}, Good: []string{"transcripts.csv"}},
	check:    transcriptCheck,
}

var ruleTranscriptDuplicate = Info{
	ID:       TranscriptDuplicate,
	Severity: Error,
	Fixable:  true,
	Feeds:    tr,
	Summary:  "The same transcript twice: same messages at the same times, under another id, in another file or repeated under its own id",
	Why:      "The same transcript twice is counted twice in training data, over-weighting it and leaking between training and evaluation sets. A duplicate is the same messages (role, text and timestamp, whatever the row order) under another conversation_externalId, again under its own id in another file, or repeated under its own id in one file, appended (1-2-3-1-2-3) or with each message doubled (1-1-2-2-3-3). That last case is one finding where the repeat starts, in place of the chronological-order finding of the restart and the record/duplicate finding of each copied message; the same id again in another file is this finding, not conversation-split. Conversations with the same words at other times are not duplicates (scripted chats recur between customers): long ones are transcript/repeated-content's warning.",
	Spec:     "There are no duplicate transcripts",
	Fix:      "Send each conversation once, under one conversation_externalId: remove the repeated copy (a query that ran twice, overlapping exports, a file uploaded twice), and deduplicate exports that pull the same conversation from two systems.",
	Examples: Examples{Bad: []string{"a.csv"}, Good: []string{"a.csv"}},
	check:    transcriptCheck,
}

var ruleTranscriptRepeatedContent = Info{
	ID:       TranscriptRepeatedContent,
	Severity: Warning,
	Feeds:    tr,
	Summary:  "A long conversation has word for word another's messages, at other times",
	Why:      "Two long conversations with word for word the same messages at different times are usually one conversation exported twice with its times shifted (a time-zone conversion applied twice, a re-export), which transcript/duplicate-conversation cannot see since the timestamps differ. Short scripted chats (\"I would like to order a latte\" / \"Unfortunately there are no menu items...\") really do recur between customers, so only conversations of at least 8 messages are compared (set rule-settings: transcript/repeated-content: min-messages in .preflight.yaml), and it is a warning. The same messages at the same times are duplicate-conversation's error, not this warning as well.",
	Spec:     "There are no duplicate transcripts",
	Fix:      "If it is the same conversation exported twice, send it once, with its real UTC times; if a long script really recurs, keep it, or raise min-messages.",
	Examples: Examples{Bad: []string{"chats.csv"}, Good: []string{"chats.csv"}},
	check:    transcriptCheck,
}

var ruleTranscriptSplit = Info{
	ID:       TranscriptSplit,
	Severity: Warning,
	Feeds:    tr,
	Summary:  "Conversation appears in more than one file",
	Why:      "A conversation spread over several files may be imported as separate partial transcripts, so neither part is complete from beginning to end. A file that holds exactly the same messages of the conversation again is not a split but the same transcript sent twice: transcript/duplicate-conversation reports it instead.",
	Spec:     "Utterances are in chronological order and complete, from beginning to very end of the conversation",
	Fix:      "Write all messages of a conversation into one file, e.g. assign conversations to files by their start time rather than by each message's time.",
	Examples: Examples{Bad: []string{"part-1.csv", "part-2.csv"}, Good: []string{"part-1.csv", "part-2.csv"}},
	check:    transcriptCheck,
}

var ruleTranscriptEmptyText = Info{
	ID:       TranscriptEmptyText,
	Severity: Warning,
	Feeds:    tr,
	Summary:  "Message text is empty or whitespace only",
	Why:      "A message with empty or whitespace-only text carries nothing to learn from and breaks the turn structure of the conversation; it usually stands for an attachment or system event that was not exported. An empty CSV field is null/empty-value's finding, not this one as well; this rule reports whitespace-only text, and \"\" in JSONL.",
	Spec:     "Where possible, transcripts include the full content of the conversation rather than an abbreviated version.",
	Fix:      "Export the real message content (or a short description of an attachment), or leave out events that are not messages.",
	Examples: Examples{Bad: []string{"transcripts.csv"}, Good: []string{"transcripts.csv"}},
	check:    transcriptCheck,
}

var ruleTranscriptSingleParty = Info{
	ID:       TranscriptSingleParty,
	Severity: Warning,
	Feeds:    tr,
	Summary:  "Conversation lacks a customer, or lacks an agent or bot",
	Why:      "A conversation with no customer message, or no agent or bot message, is only half a dialogue and is unusable for training; it usually means the export filtered out one side. A message whose sender_role is wrong but clearly names a party (Customer, user, rep) counts as that party; a conversation with a message whose role is missing or names no party, or whose row has the wrong field count, is not judged, since transcript/sender-role, schema/required or csv/field-count already reports that message.",
	Spec:     "Utterances are in chronological order and complete, from beginning to very end of the conversation",
	Fix:      "Export both sides of every conversation; drop conversations that really have only one party.",
	Examples: Examples{Bad: []string{"transcripts.csv"}, Good: []string{"transcripts.csv", "transcripts-2.csv"}},
	check:    transcriptCheck,
}

var ruleTranscriptSamplingSpan = Info{
	ID:       TranscriptSamplingSpan,
	Severity: Warning,
	Feeds:    tr,
	Summary:  "Conversations (50 or more) span under 12 months, or one month holds over a quarter",
	Why:      "Transcripts from a narrow window (or dominated by one month, such as the holidays) make models learn seasonal topics and miss the rest of the year. A run is judged from 50 conversations on (set rule-settings: transcript/sampling-window: min-conversations in .preflight.yaml): a test fixture or a pre-commit sample is not a training set. The examples below have 60 conversations each.",
	Spec:     "Transcripts are from a wide range of dates to avoid seasonality effects; random sampling over a 12-month period is recommended",
	Fix:      "Sample conversations at random across at least 12 months, with no single month holding more than a quarter of them.",
	Examples: Examples{Bad: []string{"transcripts.csv"}, Good: []string{"transcripts.csv"}},
	check:    transcriptCheck,
}

// transcriptCheck is the transcripts feed's pass: it keeps each
// conversation's state, which the per-message rules read as they go and
// the dataset rules (duplicate-conversation, repeated-content, split,
// single-party, sampling-window) read once every file is done.
var transcriptCheck = &check{
	start: func(fc *fileCtx) bool {
		fc.tstate = newTranscriptFile()
		return true
	},
	row: (*fileCtx).checkTranscript,
}
