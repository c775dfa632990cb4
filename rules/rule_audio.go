package rules

// The audio/ rules: recorded call audio, the fourth kind of data the spec
// lists, for which it gives no structure. They check that each recording
// is a real, whole, playable file.
const (
	AudioFormat             = "audio/format"
	AudioEmpty              = "audio/empty"
	AudioTruncated          = "audio/truncated"
	AudioCorrupt            = "audio/corrupt"
	AudioTooShort           = "audio/too-short"
	AudioTooLong            = "audio/too-long"
	AudioSampleRate         = "audio/sample-rate"
	AudioChannels           = "audio/channels"
	AudioSilent             = "audio/silent"
	AudioClipped            = "audio/clipped"
	AudioUnmatchedRecording = "audio/unmatched-recording"
	AudioMissingRecording   = "audio/missing-recording"
)

// AudioFeed is the feed of recordings: files named .wav, .mp3, .flac,
// .ogg, .opus or .m4a.
const AudioFeed = "audio"

var audioOnly = []string{AudioFeed}

// audioSpec is the spec's one passage on audio.
const audioSpec = "ASAPP customers can transmit the following types of data to S3:\n* Recorded call audio files"

const audioOwn = " The spec lists recorded call audio among the data sent over S3 but gives it no structure; this is preflight's own check."

var ruleAudioFormat = Info{
	ID:       AudioFormat,
	Severity: Error,
	Feeds:    audioOnly,
	Summary:  "Recording is not the audio format its name says: another format, or not audio at all",
	Why:      "Recordings are read by their name: a .wav that is really an MP3, or the HTML error page a failed download saved under a recording's name, is not what its name says, so it fails to play or is dropped on import." + audioOwn,
	Spec:     audioSpec,
	Fix:      "Name the file after what it contains (the finding says what that is), or export it again in the named format; replace an error page with the real recording.",
	Examples: Examples{Bad: []string{"mp3-named.wav", "error-page.mp3"}, Good: []string{"call.mp3", "opus.ogg"}},
}

var ruleAudioEmpty = Info{
	ID:       AudioEmpty,
	Severity: Error,
	Feeds:    audioOnly,
	Summary:  "Recording holds no audio: zero bytes, or headers without samples",
	Why:      "An export that failed before writing anything leaves a zero-byte file, and one that failed after the header leaves a header with no samples; either is a call with no recording, sent as if it had one." + audioOwn,
	Spec:     audioSpec,
	Fix:      "Export the recording again; if the call really has no audio, leave the file out.",
	Examples: Examples{Bad: []string{"zero-bytes.wav", "header-only.wav"}, Good: []string{"call.wav"}},
}

var ruleAudioTruncated = Info{
	ID:       AudioTruncated,
	Severity: Error,
	Feeds:    audioOnly,
	Summary:  "Recording is cut off: its headers promise more than the file holds",
	Why:      "An interrupted export or upload leaves a file shorter than its own header says: a WAV data chunk longer than the file, an MP3 or FLAC frame cut in half, an Ogg stream with no end page, an M4A without the index a recorder writes last. Players stop early or refuse the file, and the end of the call is lost." + audioOwn,
	Spec:     audioSpec,
	Fix:      "Copy or export the recording again from its source and check that the copy is complete (same size, same checksum).",
	Examples: Examples{Bad: []string{"cut-in-data.wav", "unfinished.wav", "cut-frame.mp3", "no-index.m4a"}, Good: []string{"call.wav", "call.mp3", "call.m4a"}},
}

var ruleAudioCorrupt = Info{
	ID:       AudioCorrupt,
	Severity: Error,
	Feeds:    audioOnly,
	Summary:  "Recording's container is damaged: a failed checksum, junk between frames, a missing header",
	Why:      "Damage inside a file — bytes changed in transit, two files written into one, a header missing — makes part or all of the recording unplayable, and some decoders reject the whole file." + audioOwn,
	Spec:     audioSpec,
	Fix:      "Copy or export the recording again from its source; if two recordings were written into one file, split them.",
	Examples: Examples{Bad: []string{"two-in-one.wav", "bad-checksum.ogg", "bad-crc.flac"}, Good: []string{"call.wav", "call.ogg", "call.flac"}},
}

var ruleAudioTooShort = Info{
	ID:       AudioTooShort,
	Severity: Error,
	Feeds:    audioOnly,
	Summary:  "Recording is shorter than the minimum duration (1 s unless configured)",
	Why:      "A recording of a fraction of a second holds no conversation: it is a dropped call, a recorder that failed, or an export that cut it. The minimum is rule-settings: audio/too-short: min-seconds." + audioOwn,
	Spec:     audioSpec,
	Fix:      "Check the recording and the export; leave out calls that have no real recording, or lower min-seconds if short recordings are expected.",
	Examples: Examples{Bad: []string{"blip.wav"}, Good: []string{"one-second.wav"}},
}

var ruleAudioTooLong = Info{
	ID:       AudioTooLong,
	Severity: Warning,
	Feeds:    audioOnly,
	Summary:  "Recording is longer than the maximum duration (4 h unless configured)",
	Why:      "A call recording of many hours is usually a recorder left running, or several calls written into one file, which cannot be matched to one call. The maximum is rule-settings: audio/too-long: max-seconds." + audioOwn,
	Spec:     audioSpec,
	Fix:      "Check the recording; split one holding several calls, or raise max-seconds if such long calls are real.",
	Examples: Examples{Bad: []string{"long.wav"}, Good: []string{"one-second.wav"}},
}

var ruleAudioSampleRate = Info{
	ID:       AudioSampleRate,
	Severity: Warning,
	Feeds:    audioOnly,
	Summary:  "Sample rate below 8 kHz, under telephone quality",
	Why:      "Speech models are trained on telephone-quality audio (8 kHz) or better; below it the upper speech frequencies are gone and recognition suffers. A low rate is often a wrong setting in the export or a resampling step." + audioOwn,
	Spec:     audioSpec,
	Fix:      "Export at the rate the calls were recorded at (8 kHz for telephony, 16 kHz or more for wideband), without resampling down.",
	Examples: Examples{Bad: []string{"4khz.wav"}, Good: []string{"8khz.wav"}},
}

var ruleAudioChannels = Info{
	ID:       AudioChannels,
	Severity: Warning,
	Feeds:    audioOnly,
	Summary:  "Recording has neither one nor two channels",
	Why:      "Call recordings are mono, or stereo with the agent and the customer on one channel each, which is what speech models expect; more channels are usually a conference bridge or a wrong export setting, and which speaker is where is unknown." + audioOwn,
	Spec:     audioSpec,
	Fix:      "Export mono, or stereo with one party per channel.",
	Examples: Examples{Bad: []string{"four-channels.wav"}, Good: []string{"stereo.wav"}},
}

var ruleAudioSilent = Info{
	ID:       AudioSilent,
	Severity: Warning,
	Feeds:    audioOnly,
	Formats:  []string{"wav", "mp3", "flac"},
	Needs:    NeedsSamples,
	Summary:  "The decoded start of the recording is silent (with --audio-samples)",
	Why:      "A recording whose first minute peaks below -50 dBFS is silence: a muted line, a recorder on the wrong port, or an export that wrote zeros. It transcribes to nothing. With --audio-samples preflight decodes a bounded window (the first 60 s) of WAV (PCM, mu-law, A-law), MP3 (MPEG-1 and 2) and FLAC to measure it." + audioOwn,
	Spec:     audioSpec,
	Fix:      "Listen to the recording and check the recorder's input and the export; leave out calls with no audio.",
	Examples: Examples{Bad: []string{"silence.wav"}, Good: []string{"quiet.wav"}},
}

var ruleAudioClipped = Info{
	ID:       AudioClipped,
	Severity: Warning,
	Feeds:    audioOnly,
	Formats:  []string{"wav", "mp3", "flac"},
	Needs:    NeedsSamples,
	Summary:  "The decoded start of the recording is heavily clipped (with --audio-samples)",
	Why:      "When more than 1% of samples sit at full scale the recording was too loud for its format: the waveform's peaks are cut flat, which distorts speech and hurts recognition. With --audio-samples preflight decodes a bounded window (the first 60 s) of WAV (PCM, mu-law, A-law), MP3 (MPEG-1 and 2) and FLAC to measure it." + audioOwn,
	Spec:     audioSpec,
	Fix:      "Lower the recording gain, or export without the gain step that overdrives it.",
	Examples: Examples{Bad: []string{"clipped.wav"}, Good: []string{"loud.wav"}},
}

var ruleAudioUnmatched = Info{
	ID:       AudioUnmatchedRecording,
	Severity: Warning,
	Feeds:    audioOnly,
	Needs:    NeedsAudioLink,
	Summary:  "Recording's name carries no id of a call record in the run",
	Why:      "A recording is tied to its call by the id in its name (--audio-name, e.g. {conversation_id}.wav); one whose id no call-center record in the run has, or whose name does not fit the pattern, cannot be joined to its call's attributes." + audioOwn,
	Spec:     audioSpec,
	Fix:      "Name each recording after its call's id, as the pattern says, and send the call-center records of those calls in the same upload.",
	Examples: Examples{Bad: []string{"calls.csv", "conv-9.wav"}, Good: []string{"calls.csv", "conv-1.wav"}},
}

var ruleAudioMissing = Info{
	ID:       AudioMissingRecording,
	Severity: Warning,
	Feeds:    cc,
	Needs:    NeedsAudioLink,
	Summary:  "Call record has no recording in the run",
	Why:      "When recordings are sent with the call-center records they belong to (--audio-name links them by an id field), a call whose id no recording's name carries is a recording that was lost in the export." + audioOwn,
	Spec:     audioSpec,
	Fix:      "Export the missing recordings, or check that their names carry the id the pattern says.",
	Examples: Examples{Bad: []string{"calls.csv", "conv-1.wav"}, Good: []string{"calls.csv", "conv-1.wav"}},
	check:    linkCheck,
}
