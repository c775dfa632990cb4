#!/usr/bin/env bash
# Makes the compressed source recordings in testdata/audio/ (committed;
# the tests do not run this): 1.2 s of a 440 Hz tone at 8 kHz mono, and
# 1.2 s at 16 kHz for the MP3 decoder test. Needs Debian's sox,
# flac, vorbis-tools, opus-tools and ffmpeg:
#   apt-get install -y sox flac vorbis-tools opus-tools ffmpeg
# Then run `go run ./tools/audiogen` to derive the rules' fixtures.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=testdata/audio
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
sox -n -r 8000 -c 1 -b 16 "$tmp/tone.wav" synth 1.2 sine 440 vol 0.5
sox "$tmp/tone.wav" -b 8 "$tmp/tone8.wav"
# ffmpeg's MP3 muxer writes an ID3v2 tag and a LAME Info frame (which
# says how many frames follow); lame alone leaves it out of frames this
# small.
ffmpeg -loglevel error -y -i "$tmp/tone.wav" -c:a libmp3lame -b:a 16k -map_metadata -1 \
  -fflags +bitexact -flags:a +bitexact "$out/call.mp3"
flac -s -f --no-padding -o "$out/call.flac" "$tmp/tone8.wav"
oggenc -Q -b 16 -o "$out/call.ogg" "$tmp/tone.wav"
opusenc --quiet --bitrate 12 "$tmp/tone.wav" "$out/call.opus"
ffmpeg -loglevel error -y -i "$tmp/tone.wav" -c:a aac -b:a 16k -map_metadata -1 \
  -fflags +bitexact -flags:a +bitexact "$out/call.m4a"
sox -n -r 16000 -c 1 -b 16 "$tmp/wide.wav" synth 1.2 sine 440 vol 0.5
ffmpeg -loglevel error -y -i "$tmp/wide.wav" -c:a libmp3lame -b:a 24k -map_metadata -1 \
  -fflags +bitexact -flags:a +bitexact "$out/wideband.mp3"
ls -l "$out"
