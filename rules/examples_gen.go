// Code generated from testdata/rules by `go test ./cmd/preflight -run TestDocsInSync -update`; DO NOT EDIT.

package rules

// renderedExamples are the rules' example files as docs show them (see examples.go).
var renderedExamples = map[string]RenderedExample{
	"audio/channels": {
		Bad: `==> testdata/rules/audio/channels/bad/four-channels.wav <==
[WAV audio, 8044 bytes: pcm_u8; 8000 Hz; 4 channels; 0.25 s of audio]`,
		Good: `==> testdata/rules/audio/channels/good/stereo.wav <==
[WAV audio, 4044 bytes: pcm_u8; 8000 Hz; 2 channels; 0.25 s of audio]`,
	},
	"audio/clipped": {
		Bad: `==> testdata/rules/audio/clipped/bad/clipped.wav <==
[WAV audio, 9644 bytes: pcm_u8; 8000 Hz; 1 channel; 1.20 s of audio]`,
		Good: `==> testdata/rules/audio/clipped/good/loud.wav <==
[WAV audio, 9644 bytes: pcm_u8; 8000 Hz; 1 channel; 1.20 s of audio]`,
	},
	"audio/corrupt": {
		Bad: `==> testdata/rules/audio/corrupt/bad/two-in-one.wav <==
[WAV audio, 19288 bytes: pcm_u8; 8000 Hz; 1 channel; 1.20 s of audio; 9644 bytes follow the end of the RIFF chunk at byte 9644: another recording or other data was appended]
==> testdata/rules/audio/corrupt/bad/bad-checksum.ogg <==
[Ogg audio, 3388 bytes: vorbis; 8000 Hz; 1 channel; 1.20 s of audio; 1 page fails its CRC-32, the first at byte 2640: the data there is damaged]
==> testdata/rules/audio/corrupt/bad/bad-crc.flac <==
[FLAC audio, 3448 bytes: flac; 8000 Hz; 1 channel; 1.20 s of audio; 1 frame fails its CRC-16, the first at byte 1518: the audio there is damaged]`,
		Good: `==> testdata/rules/audio/corrupt/good/call.wav <==
[WAV audio, 9644 bytes: pcm_u8; 8000 Hz; 1 channel; 1.20 s of audio]
==> testdata/rules/audio/corrupt/good/call.ogg <==
[Ogg audio, 3388 bytes: vorbis; 8000 Hz; 1 channel; 1.20 s of audio]
==> testdata/rules/audio/corrupt/good/call.flac <==
[FLAC audio, 3448 bytes: flac; 8000 Hz; 1 channel; 1.20 s of audio]`,
	},
	"audio/empty": {
		Bad: `==> testdata/rules/audio/empty/bad/zero-bytes.wav <==
[empty file]
==> testdata/rules/audio/empty/bad/header-only.wav <==
[WAV audio, 44 bytes: pcm_u8; 8000 Hz; 1 channel; 0.00 s of audio]`,
		Good: `==> testdata/rules/audio/empty/good/call.wav <==
[WAV audio, 9644 bytes: pcm_u8; 8000 Hz; 1 channel; 1.20 s of audio]`,
	},
	"audio/format": {
		Bad: `==> testdata/rules/audio/format/bad/mp3-named.wav <==
[MP3 audio, 2972 bytes: mp3; 8000 Hz; 1 channel; 1.37 s of audio]
==> testdata/rules/audio/format/bad/error-page.mp3 <==
<!DOCTYPE html>
<html><head><title>404 Not Found</title></head>
<body><h1>Not Found</h1><p>The requested recording was not found on this server.</p></body></html>`,
		Good: `==> testdata/rules/audio/format/good/call.mp3 <==
[MP3 audio, 2972 bytes: mp3; 8000 Hz; 1 channel; 1.37 s of audio]
==> testdata/rules/audio/format/good/opus.ogg <==
[Ogg Opus audio, 2925 bytes: opus; 8000 Hz; 1 channel; 1.20 s of audio]`,
	},
	"audio/missing-recording": {
		Bad: `==> testdata/rules/audio/missing-recording/bad/calls.csv <==
customer_id,conversation_id,call_start,call_end
cust-1,conv-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z
cust-2,conv-2,2024-05-01T09:00:00Z,2024-05-01T09:10:00Z
cust-3,NULL,2024-05-01T10:00:00Z,2024-05-01T10:01:00Z
==> testdata/rules/audio/missing-recording/bad/conv-1.wav <==
[WAV audio, 2044 bytes: pcm_u8; 8000 Hz; 1 channel; 0.25 s of audio]`,
		Good: `==> testdata/rules/audio/missing-recording/good/calls.csv <==
customer_id,conversation_id,call_start,call_end
cust-1,conv-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z
cust-3,NULL,2024-05-01T10:00:00Z,2024-05-01T10:01:00Z
==> testdata/rules/audio/missing-recording/good/conv-1.wav <==
[WAV audio, 2044 bytes: pcm_u8; 8000 Hz; 1 channel; 0.25 s of audio]`,
	},
	"audio/sample-rate": {
		Bad: `==> testdata/rules/audio/sample-rate/bad/4khz.wav <==
[WAV audio, 4044 bytes: pcm_u8; 4000 Hz; 1 channel; 1.00 s of audio]`,
		Good: `==> testdata/rules/audio/sample-rate/good/8khz.wav <==
[WAV audio, 8044 bytes: pcm_mulaw; 8000 Hz; 1 channel; 1.00 s of audio]`,
	},
	"audio/silent": {
		Bad: `==> testdata/rules/audio/silent/bad/silence.wav <==
[WAV audio, 9644 bytes: pcm_u8; 8000 Hz; 1 channel; 1.20 s of audio]`,
		Good: `==> testdata/rules/audio/silent/good/quiet.wav <==
[WAV audio, 9644 bytes: pcm_u8; 8000 Hz; 1 channel; 1.20 s of audio]`,
	},
	"audio/too-long": {
		Bad: `==> testdata/rules/audio/too-long/bad/long.wav <==
[WAV audio, 12044 bytes: pcm_u8; 8000 Hz; 1 channel; 1.50 s of audio]`,
		Good: `==> testdata/rules/audio/too-long/good/one-second.wav <==
[WAV audio, 8044 bytes: pcm_u8; 8000 Hz; 1 channel; 1.00 s of audio]`,
	},
	"audio/too-short": {
		Bad: `==> testdata/rules/audio/too-short/bad/blip.wav <==
[WAV audio, 1644 bytes: pcm_u8; 8000 Hz; 1 channel; 0.20 s of audio]`,
		Good: `==> testdata/rules/audio/too-short/good/one-second.wav <==
[WAV audio, 8044 bytes: pcm_u8; 8000 Hz; 1 channel; 1.00 s of audio]`,
	},
	"audio/truncated": {
		Bad: `==> testdata/rules/audio/truncated/bad/cut-in-data.wav <==
[WAV audio, 4844 bytes: pcm_u8; 8000 Hz; 1 channel; 0.60 s of audio; the data chunk says 12000 bytes (1.50 s) but the file ends after 4800 (0.60 s): it was cut off]
==> testdata/rules/audio/truncated/bad/unfinished.wav <==
[WAV audio, 9644 bytes: pcm_u8; 8000 Hz; 1 channel; 1.20 s of audio; the data chunk's size was never written (it says 0) over 9600 bytes of audio: the recording or export was interrupted before the header was finished]
==> testdata/rules/audio/truncated/bad/cut-frame.mp3 <==
[MP3 audio, 1783 bytes: mp3; 8000 Hz; 1 channel; 0.72 s of audio; the last frame, at byte 1676, is cut off: 107 of its 144 bytes are there]
==> testdata/rules/audio/truncated/bad/no-index.m4a <==
[M4A audio, 2807 bytes: 0.00 s of audio; no moov box: the file holds audio data but not the index that makes it playable, which a recorder writes last (the recording or export was interrupted)]`,
		Good: `==> testdata/rules/audio/truncated/good/call.wav <==
[WAV audio, 9644 bytes: pcm_u8; 8000 Hz; 1 channel; 1.20 s of audio]
==> testdata/rules/audio/truncated/good/call.mp3 <==
[MP3 audio, 2972 bytes: mp3; 8000 Hz; 1 channel; 1.37 s of audio]
==> testdata/rules/audio/truncated/good/call.m4a <==
[M4A audio, 3577 bytes: aac; 8000 Hz; 1 channel; 1.33 s of audio]`,
	},
	"audio/unmatched-recording": {
		Bad: `==> testdata/rules/audio/unmatched-recording/bad/calls.csv <==
customer_id,conversation_id,call_start,call_end
cust-1,conv-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z
==> testdata/rules/audio/unmatched-recording/bad/conv-9.wav <==
[WAV audio, 2044 bytes: pcm_u8; 8000 Hz; 1 channel; 0.25 s of audio]`,
		Good: `==> testdata/rules/audio/unmatched-recording/good/calls.csv <==
customer_id,conversation_id,call_start,call_end
cust-1,conv-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z
==> testdata/rules/audio/unmatched-recording/good/conv-1.wav <==
[WAV audio, 2044 bytes: pcm_u8; 8000 Hz; 1 channel; 0.25 s of audio]`,
	},
	"call_center/assigned-window": {
		Bad: `==> testdata/rules/call_center/assigned-window/bad/calls.csv <==
customer_id,call_start,call_end,call_assigned_to_agent,survey_offered,survey_taken,ivr_resolved,ivr_abandoned
c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,2024-05-01T08:01:00Z,true,true,false,false
c-2,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,2024-05-01T07:59:59Z,true,true,false,false
c-3,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,2024-05-01T08:10:01Z,true,true,false,false
c-4,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,2024-05-01T08:01:00+01:00,true,true,false,false`,
		Good: `==> testdata/rules/call_center/assigned-window/good/calls.csv <==
customer_id,call_start,call_end,call_assigned_to_agent,survey_offered,survey_taken,ivr_resolved,ivr_abandoned
c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,2024-05-01T08:00:00Z,true,true,false,false
c-2,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,2024-05-01T08:10:00Z,true,true,false,false
c-3,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,NULL,true,true,false,false
c-4,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,2024-05-01T10:05:00+02:00,true,true,false,false`,
	},
	"call_center/call-window": {
		Bad: `==> testdata/rules/call_center/call-window/bad/calls.csv <==
customer_id,call_start,call_end,call_assigned_to_agent,survey_offered,survey_taken,ivr_resolved,ivr_abandoned
c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,2024-05-01T08:01:00Z,true,true,false,false
c-2,2024-05-01T08:00:00Z,2024-05-01T07:59:59Z,NULL,true,true,false,false
c-3,2024-05-01T10:00:00Z,2024-05-01T11:00:00+02:00,NULL,true,true,false,false
c-4,2024-05-01T08:00:00Z,2024-05-01T07:59:59.999Z,NULL,true,true,false,false`,
		Good: `==> testdata/rules/call_center/call-window/good/calls.csv <==
customer_id,call_start,call_end,call_assigned_to_agent,survey_offered,survey_taken,ivr_resolved,ivr_abandoned
c-1,2024-05-01T08:00:00Z,2024-05-01T08:00:00Z,NULL,true,true,false,false
c-2,2024-05-01T08:00:00Z,2024-05-01T08:00:00.001Z,NULL,true,true,false,false
c-3,2024-05-01T10:00:00Z,2024-05-01T12:30:00+02:00,NULL,true,true,false,false`,
	},
	"call_center/ivr-consistency": {
		Bad: `==> testdata/rules/call_center/ivr-consistency/bad/calls.csv <==
customer_id,call_start,call_end,call_assigned_to_agent,survey_offered,survey_taken,ivr_resolved,ivr_abandoned
c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,2024-05-01T08:01:00Z,true,true,false,false
c-2,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,2024-05-01T08:01:00Z,true,true,true,true
c-3,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,2024-05-01T08:01:00Z,true,true,true,false`,
		Good: `==> testdata/rules/call_center/ivr-consistency/good/calls.csv <==
customer_id,call_start,call_end,call_assigned_to_agent,survey_offered,survey_taken,ivr_resolved,ivr_abandoned
c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,2024-05-01T08:01:00Z,true,true,true,false
c-2,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,2024-05-01T08:01:00Z,true,true,false,true
c-3,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,2024-05-01T08:01:00Z,true,true,false,false
c-4,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,2024-05-01T08:01:00Z,true,true,true,NULL`,
	},
	"call_center/survey-consistency": {
		Bad: `==> testdata/rules/call_center/survey-consistency/bad/calls.csv <==
customer_id,call_start,call_end,call_assigned_to_agent,survey_offered,survey_taken,ivr_resolved,ivr_abandoned
c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,2024-05-01T08:01:00Z,true,true,false,false
c-2,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,2024-05-01T08:01:00Z,false,true,false,false
c-3,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,2024-05-01T08:01:00Z,true,false,false,false
c-4,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,2024-05-01T08:01:00Z,false,true,false,false`,
		Good: `==> testdata/rules/call_center/survey-consistency/good/calls.csv <==
customer_id,call_start,call_end,call_assigned_to_agent,survey_offered,survey_taken,ivr_resolved,ivr_abandoned
c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,2024-05-01T08:01:00Z,true,true,false,false
c-2,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,2024-05-01T08:01:00Z,true,false,false,false
c-3,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,2024-05-01T08:01:00Z,false,false,false,false
c-4,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,2024-05-01T08:01:00Z,NULL,true,false,false`,
	},
	"csv/delimiter": {
		Bad: `==> testdata/rules/csv/delimiter/bad/calls-semicolon.csv <==
customer_id;call_start;call_end;customer_type;time_in_queue
c-1;2024-05-01T08:00:00Z;2024-05-01T08:10:00Z;Wireless, Premier;600
c-2;2024-05-01T09:00:00Z;2024-05-01T09:10:00Z;"Prepaid; legacy";NULL`,
		Good: `==> testdata/rules/csv/delimiter/good/calls.csv <==
customer_id,call_start,call_end,customer_type,disposition_notes
c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless; Premier,called back; resolved
c-2,2024-05-01T09:00:00Z,2024-05-01T09:10:00Z,"Prepaid; legacy",NULL`,
	},
	"csv/duplicate-column": {
		Bad: `==> testdata/rules/csv/duplicate-column/bad/calls.csv <==
customer_id,call_start,call_end,call_start
c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,2024-05-01T08:00:00Z`,
		Good: `==> testdata/rules/csv/duplicate-column/good/calls.csv <==
customer_id,call_start,call_end,Call_Start,call_start_local
c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,x,y`,
	},
	"csv/field-count": {
		Bad: `==> testdata/rules/csv/field-count/bad/calls.csv <==
customer_id,call_start,call_end,customer_type,disposition_notes,transfer
c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,ok,NULL
c-2,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,a, b,NULL
c-3,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,ok
c-4,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,ok,NULL`,
		Good: `==> testdata/rules/csv/field-count/good/calls.csv <==
customer_id,call_start,call_end,customer_type,disposition_notes,transfer\r
c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,"a, b",NULL\r
c-2,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,"say ""hi, there""",NULL\r
c-3,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,NULL,NULL\r`,
	},
	"csv/header-missing": {
		Bad: `==> testdata/rules/csv/header-missing/bad/calls.csv <==
cust-1,21352352,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,2024-05-01T08:01:00Z,Wireless Premier,true,true,5,888-929-1467,Power Outage,false,false,Wireless Sales,60,false,540,30,NA,Resolved,NULL,Payment Processed,129.45
cust-2,21352352,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,2024-05-01T08:01:00Z,Wireless Premier,true,true,5,888-929-1467,Power Outage,false,false,Wireless Sales,60,false,540,30,NA,Resolved,NULL,Payment Processed,129.45`,
		Good: `==> testdata/rules/csv/header-missing/good/calls.csv <==
call_end,call_start,Customer_ID,customer_type
2024-05-01T08:10:00Z,2024-05-01T08:00:00Z,c-1,Wireless`,
	},
	"csv/syntax": {
		Bad: `==> testdata/rules/csv/syntax/bad/calls.csv <==
customer_id,call_start,call_end,customer_type,disposition_notes,transfer
c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,ok,NULL
c-2,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,bare"quote,NULL
c-3,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,"closed"garbage,NULL
c-4,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,ok,NULL
c-5,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,"never closed,NULL`,
		Good: `==> testdata/rules/csv/syntax/good/calls.csv <==
customer_id,call_start,call_end,customer_type,disposition_notes,transfer\r
c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,"a, b, and c",NULL\r
c-2,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,"say ""hi"", then go",NULL\r
c-3,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,"""""",NULL\r
c-4,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,"Wireless","trailing ""quote""",NULL\r`,
	},
	"encoding/bom": {
		Bad: `==> testdata/rules/encoding/bom/bad/calls.csv <==
\uFEFFcustomer_id,call_start,call_end,customer_type,disposition_notes,transfer
c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,ok,NULL
c-2,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,ok,NULL`,
		Good: `==> testdata/rules/encoding/bom/good/calls.csv <==
customer_id,call_start,call_end,customer_type,disposition_notes,transfer
c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,zero\uFEFFwidth,NULL
c-2,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,ok,NULL`,
	},
	"encoding/control-char": {
		Bad: `==> testdata/rules/encoding/control-char/bad/calls.csv <==
customer_id,call_start,call_end,customer_type,disposition_notes,transfer
c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,ok,NULL
c-2,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,bell\u0007here,NULL
c-3,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,"two
lines",NULL
c-4,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,"cr\rhere",NULL
c-5,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,del\u007F,NULL`,
		Good: `==> testdata/rules/encoding/control-char/good/calls.csv <==
customer_id,call_start,call_end,customer_type,disposition_notes,transfer\r
c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,tab\there,NULL\r
c-2,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,"quoted, with tab\t",NULL\r
c-3,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,ok,NULL\r`,
	},
	"encoding/utf8": {
		Bad: `==> testdata/rules/encoding/utf8/bad/calls.csv <==
customer_id,call_start,call_end,customer_type,disposition_notes,transfer
c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,ok,NULL
c-2,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Caf\xE9 Premier,ok,NULL
c-3,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,\xC3( broken,NULL
c-4,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,ok,NULL`,
		Good: `==> testdata/rules/encoding/utf8/good/calls.csv <==
customer_id,call_start,call_end,customer_type,disposition_notes,transfer
c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Café Premier,日本語のメモ,NULL
c-2,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Ünïcödé,"emoji 😀👍🏽, quoted",NULL
c-3,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,中文备注 and Ω≈ç√,NULL`,
	},
	"file/binary": {
		Bad: `==> testdata/rules/file/binary/bad/calls.csv <==
[binary, 125 bytes: 1F 8B 08 00 00 00 00 00 02 03 5D C9 31 0A C3 30 …]`,
		Good: `==> testdata/rules/file/binary/good/calls.csv <==
customer_id,call_start,call_end,customer_type,disposition_notes,transfer
c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,stray\u0000nul,NULL
c-2,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,ok,NULL`,
	},
	"file/empty": {
		Bad: `==> testdata/rules/file/empty/bad/header-only.csv <==
customer_id,call_start,call_end,customer_type,disposition_notes,transfer`,
		Good: `==> testdata/rules/file/empty/good/one-row.csv <==
customer_id,call_start,call_end,customer_type,disposition_notes,transfer
c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,ok,NULL
[no newline at end of file]`,
	},
	"file/format": {
		Bad: `==> testdata/rules/file/format/bad/calls.csv <==
{"customer_id":"c-1","call_start":"2024-05-01T08:00:00Z","call_end":"2024-05-01T08:10:00Z"}`,
		Good: `==> testdata/rules/file/format/good/calls.csv <==
customer_id,call_start,call_end,customer_type,disposition_notes,transfer
c-3,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,"{""json"": ""in a value""}",NULL`,
	},
	"file/unknown-feed": {
		Bad: `==> testdata/rules/file/unknown-feed/bad/notes.csv <==
a,b,c
1,2,3`,
		Good: `==> testdata/rules/file/unknown-feed/good/headerless.csv <==
c1,u1,customer,hi,2024-05-01T10:00:00Z`,
	},
	"jsonl/blank-line": {
		Bad: `==> testdata/rules/jsonl/blank-line/bad/sales.jsonl <==
{"transaction_id":"t-1","transaction_time":"2024-05-01T10:00:00Z","external_customer_id":"e-1","external_session_id":"s-1","product_quantity":1}
{"transaction_id":"t-2","transaction_time":"2024-05-01T10:00:00Z","external_customer_id":"e-2","external_session_id":"s-2","product_quantity":1}

{"transaction_id":"t-4","transaction_time":"2024-05-01T10:00:00Z","external_customer_id":"e-4","external_session_id":"s-4","product_quantity":1}
   \t 
{"transaction_id":"t-6","transaction_time":"2024-05-01T10:00:00Z","external_customer_id":"e-6","external_session_id":"s-6","product_quantity":1}
[empty line]`,
		Good: `==> testdata/rules/jsonl/blank-line/good/sales.jsonl <==
{"transaction_id":"t-1","transaction_time":"2024-05-01T10:00:00Z","external_customer_id":"e-1","external_session_id":"s-1","product_quantity":1}
{"transaction_id":"t-2","transaction_time":"2024-05-01T10:00:00Z","external_customer_id":"e-2","external_session_id":"s-2","product_quantity":1}`,
	},
	"jsonl/duplicate-key": {
		Bad: `==> testdata/rules/jsonl/duplicate-key/bad/sales.jsonl <==
{"transaction_id":"t-1","transaction_time":"2024-05-01T10:00:00Z","external_customer_id":"e-1","external_session_id":"s-1","product_quantity":1}
{"transaction_id":"t-2","transaction_time":"2024-05-01T10:00:00Z","external_customer_id":"e-2","external_session_id":"s-2","product_quantity":1,"product_quantity":2}
{"transaction_id":"t-3","transaction_time":"2024-05-01T10:00:00Z","external_customer_id":"e-3","external_session_id":"s-3","product_quantity":1,"product_\u006eame":"a","product_name":"b"}
{"transaction_id":"t-4","transaction_time":"2024-05-01T10:00:00Z","external_customer_id":"e-4","external_session_id":"s-4","product_quantity":1}`,
		Good: `==> testdata/rules/jsonl/duplicate-key/good/sales.jsonl <==
{"transaction_id":"t-1","transaction_time":"2024-05-01T10:00:00Z","external_customer_id":"e-1","external_session_id":"s-1","product_quantity":1,"Product_Quantity":2}
{"transaction_id":"t-2","transaction_time":"2024-05-01T10:00:00Z","external_customer_id":"e-2","external_session_id":"s-2","product_quantity":1,"meta":{"product_quantity":3}}
{"transaction_id":"t-3","transaction_time":"2024-05-01T10:00:00Z","external_customer_id":"e-3","external_session_id":"s-3","product_quantity":1}`,
	},
	"jsonl/not-object": {
		Bad: `==> testdata/rules/jsonl/not-object/bad/sales.jsonl <==
{"transaction_id":"t-1","transaction_time":"2024-05-01T10:00:00Z","external_customer_id":"e-1","external_session_id":"s-1","product_quantity":1}
["t-2","2024-05-01T10:00:00Z","e-2","s-2",1]
"t-3"
42
null
{"transaction_id":"t-6","transaction_time":"2024-05-01T10:00:00Z","external_customer_id":"e-6","external_session_id":"s-6","product_quantity":1}`,
		Good: `==> testdata/rules/jsonl/not-object/good/sales.jsonl <==
{"transaction_id":"t-1","transaction_time":"2024-05-01T10:00:00Z","external_customer_id":"e-1","external_session_id":"s-1","product_quantity":1}
\t{"transaction_id":"t-2","transaction_time":"2024-05-01T10:00:00Z","external_customer_id":"e-2","external_session_id":"s-2","product_quantity":1}
{}`,
	},
	"jsonl/syntax": {
		Bad: `==> testdata/rules/jsonl/syntax/bad/sales.jsonl <==
{"transaction_id":"t-1","transaction_time":"2024-05-01T10:00:00Z","external_customer_id":"e-1","external_session_id":"s-1","product_quantity":1}
{'transaction_id': 't-2', 'product_quantity': 1}
{"transaction_id":"t-3","transaction_time":"2024-05-01T10:00:00Z","external_customer_id":"e-3","external_session_id":"s-3","product_quantity":1} trailing
{"transaction_id":"t-4","transaction_time":"2024-05-01T10:00:00Z",
{"transaction_id":"t-5","transaction_time":"2024-05-01T10:00:00Z","external_customer_id":"e-5","external_session_id":"s-5","product_quantity":1}
{"transaction_id":"t-6",}`,
		Good: `==> testdata/rules/jsonl/syntax/good/sales.jsonl <==
{"transaction_id":"t-1","transaction_time":"2024-05-01T10:00:00Z","external_customer_id":"e-1","external_session_id":"s-1","product_quantity":1,"product_name":"say \"hi\" {not json} \\ \/ \u00e9"}\r
  {"transaction_id":"t-2","transaction_time":"2024-05-01T10:00:00Z","external_customer_id":"e-2","external_session_id":"s-2","product_quantity":1}  \r
{"transaction_id":"t-3","transaction_time":"2024-05-01T10:00:00Z","external_customer_id":"e-3","external_session_id":"s-3","product_quantity":1,"product_id":"}{[]"}\r`,
	},
	"jsonl/too-deep": {
		Bad: `==> testdata/rules/jsonl/too-deep/bad/sales.jsonl <==
{"transaction_id":"t-1","transaction_time":"2024-05-01T10:00:00Z","external_customer_id":"e-1","external_session_id":"s-1","product_quantity":1}
{"transaction_id":"t-2","transaction_time":"2024-05-01T10:00:00Z","external_customer_id":"e-2","external_session_id":"s-2","product_quantity":1,"meta":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}
{"transaction_id":"t-3","transaction_time":"2024-05-01T10:00:00Z","external_customer_id":"e-3","external_session_id":"s-3","product_quantity":1}`,
		Good: `==> testdata/rules/jsonl/too-deep/good/sales.jsonl <==
{"transaction_id":"t-1","transaction_time":"2024-05-01T10:00:00Z","external_customer_id":"e-1","external_session_id":"s-1","product_quantity":1,"meta":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}
{"transaction_id":"t-2","transaction_time":"2024-05-01T10:00:00Z","external_customer_id":"e-2","external_session_id":"s-2","product_quantity":1}`,
	},
	"null/empty-value": {
		Bad: `==> testdata/rules/null/empty-value/bad/calls.csv <==
customer_id,call_start,call_end,customer_type,disposition_notes,transfer
c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,ok,NULL
c-2,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,,ok,NULL
c-3,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,"",NULL
c-4,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,ok,
c-5,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,ok,NULL`,
		Good: `==> testdata/rules/null/empty-value/good/calls.csv <==
customer_id,call_start,call_end,customer_type,disposition_notes,transfer
c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,NULL," ",NA
c-2,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,NULL,NULL`,
	},
	"null/quoted-null": {
		Bad: `==> testdata/rules/null/quoted-null/bad/calls.csv <==
customer_id,call_start,call_end,customer_type,disposition_notes,transfer
c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,ok,NULL
c-2,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,"NULL",ok,NULL
c-3,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,ok,"NULL"`,
		Good: `==> testdata/rules/null/quoted-null/good/calls.csv <==
customer_id,call_start,call_end,customer_type,disposition_notes,transfer
c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,NULL,ok,NULL
c-2,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,"NULL pointer",NULL
c-3,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,"NULLS",NULL
"NULL",2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,ok,NULL`,
	},
	"null/spelling": {
		Bad: `==> testdata/rules/null/spelling/bad/calls.csv <==
customer_id,call_start,call_end,customer_type,disposition_notes,transfer
c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,ok,NULL
c-2,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,null,ok,NULL
c-3,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,None,ok,NULL
c-4,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,N/A,ok,NULL
c-5,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,\N,ok,NULL
c-6,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,nil,ok,NULL
c-7,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,NA,ok,NULL
c-8,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,ok,Null`,
		Good: `==> testdata/rules/null/spelling/good/calls.csv <==
customer_id,call_start,call_end,customer_type,disposition_notes,transfer,survey_answer
c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,ok,NA,NULL
c-2,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,NULL,ok,NULL,NULL
c-3,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Nancy,None of the above,NULL,NULL
c-4,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,nullify,Sales Group,NULL
c-5,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,N/A,NULL,None
c-6,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,None,NULL,n/a
N/A,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,ok,NULL,NULL`,
	},
	"partition/window": {
		Bad: `==> testdata/rules/partition/window/bad/call_center_issues/version=1/format=csv/dt=2024-05-01/part-0.csv <==
customer_id,call_start,call_end,customer_type,disposition_notes,transfer
c-1,2024-05-01T12:00:00Z,2024-05-01T12:10:00Z,Wireless,ok,NULL
c-2,2024-04-30T23:59:59Z,2024-05-01T08:10:00Z,Wireless,ok,NULL
c-3,2024-05-02T00:00:00Z,2024-05-02T00:10:00Z,Wireless,ok,NULL
c-4,2024-05-01T01:30:00+02:00,2024-05-01T08:10:00Z,Wireless,ok,NULL`,
		Good: `==> testdata/rules/partition/window/good/call_center_issues/version=1/format=csv/dt=2024-05-01/part-0.csv <==
customer_id,call_start,call_end,customer_type,disposition_notes,transfer
c-1,2024-05-01T00:00:00Z,2024-05-01T08:10:00Z,Wireless,ok,NULL
c-2,2024-05-01T23:59:59.999999999Z,2024-05-02T00:10:00Z,Wireless,ok,NULL
c-3,2024-05-02T01:30:00+02:00,2024-05-01T23:40:00Z,Wireless,ok,NULL`,
	},
	"record/duplicate": {
		Bad: `==> testdata/rules/record/duplicate/bad/calls.csv <==
customer_id,call_start,call_end,customer_type,disposition_notes,transfer
c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,ok,NULL
c-2,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,ok,NULL
c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,ok,NULL
c-3,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,ok,NULL
c-2,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,ok,NULL`,
		Good: `==> testdata/rules/record/duplicate/good/calls.csv <==
customer_id,call_start,call_end,customer_type,disposition_notes,transfer
c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,ok,NULL
c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,ok ,NULL
c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,OK,NULL
c-1,2024-05-01T08:00:00.5Z,2024-05-01T08:10:00Z,Wireless,ok,NULL`,
	},
	"sales/attribution-key": {
		Bad: `==> testdata/rules/sales/attribution-key/bad/sales.csv <==
transaction_id,transaction_time,external_customer_id,issue_id,external_session_id,product_quantity
t-1,2024-05-01T10:00:00Z,e-1,NULL,s-1,1
t-2,2024-05-01T10:00:00Z,NULL,NULL,s-2,1
t-3,2024-05-01T10:00:00Z,"",null,s-3,1
t-4,2024-05-01T10:00:00Z,"NULL",N/A,s-4,1`,
		Good: `==> testdata/rules/sales/attribution-key/good/sales.csv <==
transaction_id,transaction_time,external_customer_id,issue_id,external_session_id,product_quantity
t-1,2024-05-01T10:00:00Z,e-1,NULL,s-1,1
t-2,2024-05-01T10:00:00Z,NULL,i-2,s-2,1
t-3,2024-05-01T10:00:00Z,e-3,i-3,s-3,1`,
	},
	"schema/constraint": {
		Bad: `==> testdata/rules/schema/constraint/tickets.json <==
{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "Tickets (test feed)",
  "type": "object",
  "x-preflight-feed": {"id": "tickets", "eventTime": "opened"},
  "properties": {
    "ticket_id": {"type": "string", "pattern": "^T-[0-9]+$"},
    "channel": {"type": "string", "enum": ["voice", "chat"]},
    "opened": {"type": "string", "format": "date-time"},
    "priority": {"type": ["integer", "null"], "minimum": 1, "maximum": 5}
  },
  "required": ["ticket_id", "channel", "opened"]
}
==> testdata/rules/schema/constraint/bad/tickets.csv <==
ticket_id,channel,opened,priority
T-1,voice,2024-05-01T08:00:00Z,1
T-2,email,2024-05-01T08:00:00Z,2
X-3,chat,2024-05-01T08:00:00Z,3
T-4,chat,2024-05-01T08:00:00Z,6`,
		Good: `==> testdata/rules/schema/constraint/tickets.json <==
{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "Tickets (test feed)",
  "type": "object",
  "x-preflight-feed": {"id": "tickets", "eventTime": "opened"},
  "properties": {
    "ticket_id": {"type": "string", "pattern": "^T-[0-9]+$"},
    "channel": {"type": "string", "enum": ["voice", "chat"]},
    "opened": {"type": "string", "format": "date-time"},
    "priority": {"type": ["integer", "null"], "minimum": 1, "maximum": 5}
  },
  "required": ["ticket_id", "channel", "opened"]
}
==> testdata/rules/schema/constraint/good/tickets.csv <==
ticket_id,channel,opened,priority
T-1,voice,2024-05-01T08:00:00Z,1
T-22,chat,2024-05-01T08:00:00Z,5
T-3,chat,2024-05-01T08:00:00Z,NULL`,
	},
	"schema/missing-column": {
		Bad: `==> testdata/rules/schema/missing-column/bad/calls.csv <==
customer_id,call_start,customer_type
c-1,2024-05-01T08:00:00Z,Wireless`,
		Good: `==> testdata/rules/schema/missing-column/good/calls.csv <==
call_end,customer_type,call_start,customer_id
2024-05-01T08:10:00Z,Wireless,2024-05-01T08:00:00Z,c-1`,
	},
	"schema/required": {
		Bad: `==> testdata/rules/schema/required/bad/calls.csv <==
customer_id,call_start,call_end,customer_type,disposition_notes,transfer
c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,ok,NULL
NULL,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,ok,NULL
"NULL",2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,ok,NULL
N/A,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,ok,NULL`,
		Good: `==> testdata/rules/schema/required/good/calls.csv <==
customer_id,call_start,call_end,customer_type,disposition_notes,transfer
c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,NULL,NULL,NULL
NULLABLE,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,NULL,NULL,NULL
0,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,NULL,NULL,NULL`,
	},
	"schema/type": {
		Bad: `==> testdata/rules/schema/type/bad/calls.csv <==
customer_id,call_start,call_end,survey_offered,time_in_queue,caller_account_value
c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,true,60,129.45
c-2,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,true,12.5,129.45
c-3,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,true,1e3,129.45
c-4,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,TRUE,60,129.45
c-5,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,1,60,129.45
c-6,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,true,60,$129.45
c-7,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,true,60,"1,234.50"`,
		Good: `==> testdata/rules/schema/type/good/calls.csv <==
customer_id,call_start,call_end,survey_offered,time_in_queue,caller_account_value
c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,false,0,0.5
c-2,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,true,600,129
c-3,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,NULL,NULL,NULL
c-4,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,true,60,-12.50`,
	},
	"schema/unknown-column": {
		Bad: `==> testdata/rules/schema/unknown-column/bad/calls.csv <==
customer_id,call_start,call_end,call_wrap_secs,Customer_Type
c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,30,Wireless`,
		Good: `==> testdata/rules/schema/unknown-column/good/calls.csv <==
transfer,call_end,customer_id,call_start
NA,2024-05-01T08:10:00Z,c-1,2024-05-01T08:00:00Z`,
	},
	"target/format": {
		Bad: `==> testdata/rules/target/format/bad/sales_attribution/version=1/format=jsonl/dt=2024-05-01/sales.csv <==
transaction_id,transaction_time,external_customer_id,issue_id,external_session_id,product_quantity
t-1,2024-05-01T10:00:00Z,e-1,NULL,s-1,1`,
		Good: `==> testdata/rules/target/format/good/sales_attribution/version=1/format=csv/dt=2024-05-01/sales.csv <==
transaction_id,transaction_time,external_customer_id,issue_id,external_session_id,product_quantity
t-1,2024-05-01T10:00:00Z,e-1,NULL,s-1,1`,
	},
	"target/path": {
		Bad: `==> testdata/rules/target/path/bad/call_center_issues/version=1/format=csv/2024-05-01/calls.csv <==
customer_id,call_start,call_end,customer_type,disposition_notes,transfer
c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,Wireless,ok,NULL`,
		Good: `==> testdata/rules/target/path/good/call_center_issues/version=1/format=csv/dt=2024-02-29/calls.csv <==
customer_id,call_start,call_end,customer_type,disposition_notes,transfer
c-1,2024-02-29T08:00:00Z,2024-02-29T08:10:00Z,Wireless,ok,NULL`,
	},
	"timestamp/iso8601": {
		Bad: `==> testdata/rules/timestamp/iso8601/bad/calls.csv <==
customer_id,call_start,call_end
c-1,2024-05-01T08:00:00Z,2024-05-01T09:00:00Z
c-2,2024-05-01 08:00:00Z,2024-05-01T09:00:00Z
c-3,2023-02-30T08:00:00Z,2024-05-01T09:00:00Z
c-4,2024-05-01T08:00:00.1234567890Z,2024-05-01T09:00:00Z
c-5,1714550400,2024-05-01T09:00:00Z
c-6,2024-05-01,2024-05-01T09:00:00Z
c-7,05/01/2024 08:00,2024-05-01T09:00:00Z
c-8,2024-05-01T24:00:00Z,2024-05-01T09:00:00Z
c-9,2024-05-01T08:00:00.Z,2024-05-01T09:00:00Z`,
		Good: `==> testdata/rules/timestamp/iso8601/good/calls.csv <==
customer_id,call_start,call_end
c-1,2024-05-01T08:00:00.1Z,2024-05-01T09:00:00Z
c-2,2024-05-01T08:00:00.12Z,2024-05-01T09:00:00Z
c-3,2024-05-01T08:00:00.123Z,2024-05-01T09:00:00Z
c-4,2024-05-01T08:00:00.1234Z,2024-05-01T09:00:00Z
c-5,2024-05-01T08:00:00.12345Z,2024-05-01T09:00:00Z
c-6,2024-05-01T08:00:00.123456Z,2024-05-01T09:00:00Z
c-7,2024-05-01T08:00:00.1234567Z,2024-05-01T09:00:00Z
c-8,2024-05-01T08:00:00.12345678Z,2024-05-01T09:00:00Z
c-9,2024-05-01T08:00:00.123456789Z,2024-05-01T09:00:00Z
c-10,2024-02-29T23:59:59Z,2024-03-01T00:00:00+00:00
c-11,2024-12-31T23:59:59.999999999Z,2025-01-01T00:00:00Z`,
	},
	"timestamp/range": {
		Bad: `==> testdata/rules/timestamp/range/bad/calls.csv <==
customer_id,call_start,call_end,call_assigned_to_agent
c-1,2024-05-01T08:00:00Z,2024-05-01T09:00:00Z,2024-05-01T08:30:00Z
c-2,2024-05-01T08:00:00Z,2024-05-01T09:00:00Z,1970-01-01T00:00:00Z
c-3,2024-05-01T08:00:00Z,2024-05-01T09:00:00Z,1999-12-31T23:59:59.999Z
c-4,2024-05-01T08:00:00Z,2024-05-01T09:00:00Z,2026-11-25T12:00:00.000000001Z
c-5,2024-05-01T08:00:00Z,2024-05-01T09:00:00Z,2099-01-01T00:00:00Z`,
		Good: `==> testdata/rules/timestamp/range/good/calls.csv <==
customer_id,call_start,call_end,call_assigned_to_agent
c-1,2024-05-01T08:00:00Z,2024-05-01T09:00:00Z,2000-01-01T00:00:00Z
c-2,2024-05-01T08:00:00Z,2024-05-01T09:00:00Z,2026-11-25T12:00:00Z
c-3,2024-05-01T08:00:00Z,2024-05-01T09:00:00Z,2026-11-24T13:00:00Z
c-4,2024-05-01T08:00:00Z,2024-05-01T09:00:00Z,2026-11-25T14:00:00+02:00`,
	},
	"timestamp/utc": {
		Bad: `==> testdata/rules/timestamp/utc/bad/calls.csv <==
customer_id,call_start,call_end
c-1,2024-05-01T08:00:00Z,2024-05-01T09:00:00Z
c-2,2024-05-01T08:00:00,2024-05-01T09:00:00Z
c-3,2024-05-01T10:00:00+02:00,2024-05-01T09:00:00Z
c-4,2024-05-01T08:00:00-00:00,2024-05-01T09:00:00Z
c-5,2024-05-01T03:00:00.5-05:00,2024-05-01T09:00:00Z`,
		Good: `==> testdata/rules/timestamp/utc/good/calls.csv <==
customer_id,call_start,call_end
c-1,2024-05-01T08:00:00+00:00,2024-05-01T09:00:00+00:00
c-2,2024-05-01T08:00:00.5Z,2024-05-01T09:00:00Z
c-3,2024-05-01T08:00:00.123456789+00:00,2024-05-01T09:00:00Z`,
	},
	"transcript/chronological-order": {
		Bad: `==> testdata/rules/transcript/chronological-order/bad/transcripts.csv <==
conversation_externalId,sender_externalId,sender_role,text,timestamp
c1,u1,customer,hi,2024-05-01T10:00:02Z
c1,a1,agent,hello,2024-05-01T10:00:01Z
c2,u2,customer,hi,2024-05-01T09:00:00Z
c2,a2,agent,hello,2024-05-01T09:00:05.5Z
c2,u2,customer,bye,2024-05-01T09:00:05.25Z
c1,u1,customer,bye,2024-05-01T11:00:00+02:00`,
		Good: `==> testdata/rules/transcript/chronological-order/good/transcripts.csv <==
conversation_externalId,sender_externalId,sender_role,text,timestamp
c1,u1,customer,hi,2024-05-01T10:00:00Z
c2,u2,customer,hi,2024-05-01T09:00:00Z
c1,a1,agent,hello,2024-05-01T10:00:00Z
c2,a2,agent,hello,2024-05-01T09:05:00Z
c1,u1,customer,ok,2024-05-01T10:00:00.000000001Z
c2,u2,customer,ok,2024-05-01T11:06:00+02:00
c1,a1,agent,bye,2024-05-01T10:01:00Z`,
	},
	"transcript/conversation-split": {
		Bad: `==> testdata/rules/transcript/conversation-split/bad/part-1.csv <==
conversation_externalId,sender_externalId,sender_role,text,timestamp
c1,u1,customer,hi,2024-05-01T23:59:50Z
c2,u2,customer,hi,2024-05-01T23:59:00Z
c2,a2,agent,hello,2024-05-01T23:59:10Z
==> testdata/rules/transcript/conversation-split/bad/part-2.csv <==
conversation_externalId,sender_externalId,sender_role,text,timestamp
c3,u3,customer,hi,2024-05-02T00:00:01Z
c3,a3,agent,hello,2024-05-02T00:00:02Z
c1,a1,agent,hello,2024-05-02T00:00:05Z`,
		Good: `==> testdata/rules/transcript/conversation-split/good/part-1.csv <==
conversation_externalId,sender_externalId,sender_role,text,timestamp
c1,u1,customer,hi,2024-05-01T23:59:50Z
c1,a1,agent,hello,2024-05-01T23:59:55Z
==> testdata/rules/transcript/conversation-split/good/part-2.csv <==
conversation_externalId,sender_externalId,sender_role,text,timestamp
c10,u1,customer,hi,2024-05-02T00:00:01Z
c10,a1,agent,hello,2024-05-02T00:00:05Z
C1,u1,customer,hi,2024-05-02T00:01:00Z
C1,a1,agent,hi,2024-05-02T00:01:05Z`,
	},
	"transcript/duplicate-conversation": {
		Bad: `==> testdata/rules/transcript/duplicate-conversation/bad/a.csv <==
conversation_externalId,sender_externalId,sender_role,text,timestamp
c1,uc1,customer,my bill is wrong,2024-05-01T10:00:00Z
c1,ac1,agent,let me check,2024-05-01T10:00:10Z
c1,uc1,customer,thanks,2024-05-01T10:00:20Z
c2,uc1,customer,my bill is wrong,2024-05-01T10:00:00Z
c2,ac1,agent,let me check,2024-05-01T10:00:10.000Z
c2,uc1,customer,thanks,2024-05-01T10:00:20Z
c5,u5,customer,cancel my plan,2024-05-03T09:00:00Z
[… 1 line]
c5,u5,customer,ok bye,2024-05-03T09:01:00Z
c5,u5,customer,cancel my plan,2024-05-03T09:00:00Z
[… 2 lines]
c6,u6,customer,where is my order,2024-05-04T09:00:00Z
c6,u6,customer,where is my order,2024-05-04T09:00:00Z
[… 2 lines]`,
		Good: `==> testdata/rules/transcript/duplicate-conversation/good/a.csv <==
conversation_externalId,sender_externalId,sender_role,text,timestamp
c1,u1,customer,I would like to order a latte please,2024-05-01T10:00:00Z
c1,a1,agent,Unfortunately there are no menu items for that,2024-05-01T10:00:10Z
c1,u1,customer,ok thanks,2024-05-01T10:00:20Z
c2,u2,customer,I would like to order a latte please,2024-06-11T15:30:00Z
c2,a1,agent,Unfortunately there are no menu items for that,2024-06-11T15:30:10Z
c2,u2,customer,ok thanks,2024-06-11T15:30:20Z
c3,u3,customer,my bill is wrong,2024-05-02T10:00:00Z
[… 10 lines]`,
	},
	"transcript/empty-text": {
		Bad: `==> testdata/rules/transcript/empty-text/bad/transcripts.csv <==
conversation_externalId,sender_externalId,sender_role,text,timestamp
c1,u1,customer,hi,2024-05-01T10:00:00Z
c1,a1,agent,"",2024-05-01T10:00:01Z
c1,u1,customer,"   ",2024-05-01T10:00:02Z
c1,a1,agent,,2024-05-01T10:00:03Z
c1,u1,customer,"\t",2024-05-01T10:00:04Z`,
		Good: `==> testdata/rules/transcript/empty-text/good/transcripts.csv <==
conversation_externalId,sender_externalId,sender_role,text,timestamp
c1,u1,customer,?,2024-05-01T10:00:00Z
c1,a1,agent,👍,2024-05-01T10:00:01Z
c1,u1,customer,谢谢,2024-05-01T10:00:02Z
c1,a1,agent,0,2024-05-01T10:00:03Z`,
	},
	"transcript/repeated-content": {
		Bad: `==> testdata/rules/transcript/repeated-content/bad/chats.csv <==
conversation_externalId,sender_externalId,sender_role,text,timestamp
c1,u1,customer,my internet is down,2024-05-01T10:00:00Z
c1,a1,agent,sorry about that - let me check,2024-05-01T10:01:00Z
c1,u1,customer,it has been down since 9,2024-05-01T10:02:00Z
c1,a1,agent,I see an outage in your area,2024-05-01T10:03:00Z
c1,u1,customer,when will it be fixed?,2024-05-01T10:04:00Z
c1,a1,agent,by 6 PM today,2024-05-01T10:05:00Z
c1,u1,customer,can I get a credit?,2024-05-01T10:06:00Z
c1,a1,agent,I added a 10 dollar credit,2024-05-01T10:07:00Z
c2,u1,customer,my internet is down,2024-05-01T12:00:00Z
[… 17 lines]`,
		Good: `==> testdata/rules/transcript/repeated-content/good/chats.csv <==
conversation_externalId,sender_externalId,sender_role,text,timestamp
c1,u1,customer,my internet is down,2024-05-01T10:00:00Z
c1,a1,agent,sorry about that - let me check,2024-05-01T10:01:00Z
c1,u1,customer,it has been down since 9,2024-05-01T10:02:00Z
c1,a1,agent,I see an outage in your area,2024-05-01T10:03:00Z
c1,u1,customer,when will it be fixed?,2024-05-01T10:04:00Z
c1,a1,agent,by 6 PM today,2024-05-01T10:05:00Z
c1,u1,customer,can I get a credit?,2024-05-01T10:06:00Z
[… 43 lines]`,
	},
	"transcript/sampling-window": {
		Bad: `==> testdata/rules/transcript/sampling-window/bad/transcripts.csv <==
conversation_externalId,sender_externalId,sender_role,text,timestamp
conv-000,u0,customer,my bill is wrong,2024-03-01T10:00:00Z
conv-000,a0,agent,let me check ticket 0,2024-03-01T10:00:30Z
conv-001,u1,customer,my bill is wrong,2024-04-02T10:01:00Z
conv-001,a1,agent,let me check ticket 1,2024-04-02T10:01:30Z
conv-002,u2,customer,my bill is wrong,2024-03-03T10:02:00Z
conv-002,a2,agent,let me check ticket 2,2024-03-03T10:02:30Z
conv-003,u3,customer,my bill is wrong,2024-04-04T10:03:00Z
[… 113 lines]`,
		Good: `==> testdata/rules/transcript/sampling-window/good/transcripts.csv <==
conversation_externalId,sender_externalId,sender_role,text,timestamp
conv-000,u0,customer,my bill is wrong,2023-01-01T10:00:00Z
conv-000,a0,agent,let me check ticket 0,2023-01-01T10:00:30Z
conv-001,u1,customer,my bill is wrong,2023-01-02T10:01:00Z
conv-001,a1,agent,let me check ticket 1,2023-01-02T10:01:30Z
conv-002,u2,customer,my bill is wrong,2023-01-03T10:02:00Z
conv-002,a2,agent,let me check ticket 2,2023-01-03T10:02:30Z
conv-003,u3,customer,my bill is wrong,2023-01-04T10:03:00Z
[… 113 lines]`,
	},
	"transcript/sender-conflict": {
		Bad: `==> testdata/rules/transcript/sender-conflict/bad/transcripts.csv <==
conversation_externalId,sender_externalId,sender_role,text,timestamp
c1,100,customer,hi,2024-05-01T10:00:00Z
c1,200,agent,hello,2024-05-01T10:00:01Z
c1,100,agent,how can I help,2024-05-01T10:00:02Z
c1,100,agent,anything else,2024-05-01T10:00:03Z
c1,200,bot,survey,2024-05-01T10:00:04Z`,
		Good: `==> testdata/rules/transcript/sender-conflict/good/transcripts.csv <==
conversation_externalId,sender_externalId,sender_role,text,timestamp
c1,100,customer,hi,2024-05-01T10:00:00Z
c1,200,agent,hello,2024-05-01T10:00:01Z
c2,100,agent,hi,2024-05-01T11:00:00Z
c2,200,customer,hello,2024-05-01T11:00:01Z
c1,100,customer,thanks,2024-05-01T10:00:02Z`,
	},
	"transcript/sender-role": {
		Bad: `==> testdata/rules/transcript/sender-role/bad/transcripts.csv <==
conversation_externalId,sender_externalId,sender_role,text,timestamp
c1,u1,customer,hi,2024-05-01T10:00:00Z
c1,a1,Agent,hello,2024-05-01T10:00:01Z
c1,u1,user,my bill,2024-05-01T10:00:02Z
c1,a1,AGENT,let me see,2024-05-01T10:00:03Z
c1,b1,system,transferred,2024-05-01T10:00:04Z
c1,a1, agent,done,2024-05-01T10:00:05Z
c1,a1,agent,bye,2024-05-01T10:00:06Z`,
		Good: `==> testdata/rules/transcript/sender-role/good/transcripts.csv <==
conversation_externalId,sender_externalId,sender_role,text,timestamp
c1,u1,customer,hi,2024-05-01T10:00:00Z
c1,a1,"agent",hello,2024-05-01T10:00:01Z
c1,b1,bot,survey?,2024-05-01T10:00:02Z`,
	},
	"transcript/single-party": {
		Bad: `==> testdata/rules/transcript/single-party/bad/transcripts.csv <==
conversation_externalId,sender_externalId,sender_role,text,timestamp
c1,u1,customer,hello?,2024-05-01T10:00:00Z
c2,a2,agent,hi,2024-05-01T10:00:00Z
c1,u1,customer,anyone?,2024-05-01T10:00:10Z
c3,u3,Customer,hi,2024-05-01T10:00:00Z
c3,u3,customer,anyone?,2024-05-01T10:00:01Z
c4,b4,bot,hello,2024-05-01T10:00:00Z
c4,a4,agent,hi,2024-05-01T10:00:01Z`,
		Good: `==> testdata/rules/transcript/single-party/good/transcripts.csv <==
conversation_externalId,sender_externalId,sender_role,text,timestamp
c1,u1,customer,hi,2024-05-01T10:00:00Z
c1,a1,agent,hello,2024-05-01T10:00:01Z
c2,u2,customer,hi,2024-05-01T10:00:00Z
c2,b2,bot,hello,2024-05-01T10:00:01Z
c3,u3,customer,hi,2024-05-01T23:59:59Z
==> testdata/rules/transcript/single-party/good/transcripts-2.csv <==
conversation_externalId,sender_externalId,sender_role,text,timestamp
c3,a3,agent,hello,2024-05-02T00:00:01Z`,
	},
	"value/negative": {
		Bad: `==> testdata/rules/value/negative/bad/calls.csv <==
customer_id,call_start,call_end,time_in_queue,call_handle_time,call_wrap_time,caller_account_value
c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,60,540,30,129.45
c-2,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,-5,540,30,129.45
c-3,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,60,-1,30,129.45
c-4,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,60,540,-0.5,129.45
c-5,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,-1,-2,30,129.45`,
		Good: `==> testdata/rules/value/negative/good/calls.csv <==
customer_id,call_start,call_end,time_in_queue,call_handle_time,call_wrap_time,caller_account_value
c-1,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,0,0,0,129.45
c-2,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,NULL,NULL,NULL,129.45
c-3,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,60,540,30,-12.50
c-4,2024-05-01T08:00:00Z,2024-05-01T08:10:00Z,-0,-000,-0,129.45`,
	},
}
