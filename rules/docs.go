package rules

// doc is the prose of one rule: why it matters, the spec passage, how to fix, and a bad and a good example.
type doc struct{ Why, Spec, Fix, Bad, Good string }

// docs holds the prose for every rule, keyed by rule ID. The registry merges it into Info.
//
// Spec quotes send-s3.md verbatim (markdown escapes removed); separate passages
// are joined by a newline. Bad triggers the rule; Good is a near miss that does not.
var docs = map[string]doc{
	// Encoding and file structure.

	"encoding/utf8": {
		Why:  "ASAPP decodes every file as UTF-8. An invalid byte sequence (typically a Latin-1 or Windows-1252 export) makes the import reject the file or turns names and transcript text into replacement characters.",
		Spec: "Encode files in UTF-8.",
		Fix:  "Export the file as UTF-8, or convert it, e.g. `iconv -f WINDOWS-1252 -t UTF-8 in.csv > out.csv`.",
		Bad: `conversation_externalId,sender_externalId,sender_role,text,timestamp
3245556677,6433421,customer,Caf\xE9 order,2022-03-16T18:42:24Z`,
		Good: `conversation_externalId,sender_externalId,sender_role,text,timestamp
3245556677,6433421,customer,Café order,2022-03-16T18:42:24Z`,
	},
	"encoding/bom": {
		Why:  "A byte-order mark is three invisible bytes (EF BB BF) glued to the first header name, so a reader that does not strip it sees a column called \"\\uFEFFcustomer_id\" and loses the first column. The spec does not mention BOMs; this is preflight's own safety check (preflight itself strips the BOM before reading the header).",
		Spec: "",
		Fix:  "Save the file as UTF-8 without BOM (e.g. Excel's plain \"CSV\" rather than \"CSV UTF-8\", or Python's encoding=\"utf-8\" rather than \"utf-8-sig\").",
		Bad: `\xEF\xBB\xBFcustomer_id,call_start,call_end
cust-1001,2024-05-01T08:00:00Z,2024-05-01T08:12:30Z`,
		Good: `customer_id,call_start,call_end
cust-1001,2024-05-01T08:00:00Z,2024-05-01T08:12:30Z`,
	},
	"encoding/control-char": {
		Why:  "Raw control characters break line-oriented readers: a line break inside a quoted CSV field splits one record into two with shifted columns, and a NUL or ESC can end the import of the file.",
		Spec: "Escape control characters.",
		Fix:  "Remove control characters or escape them: in JSONL let the JSON encoder write `\\n` and `\\t`; in CSV replace line breaks inside a value with a space.",
		Bad: `conversation_externalId,sender_externalId,sender_role,text,timestamp
3245556677,6433421,agent,"Happy to help,
one moment please",2022-03-16T18:42:24Z`,
		Good: `conversation_externalId,sender_externalId,sender_role,text,timestamp
3245556677,6433421,agent,"Happy to help, one moment please",2022-03-16T18:42:24Z`,
	},
	"file/empty": {
		Why:  "A file without data records imports nothing, yet with a _SUCCESS marker the day counts as delivered; in snapshot mode an empty file replaces the whole table with nothing. The spec has no passage on empty files; this is preflight's own safety check.",
		Spec: "",
		Fix:  "Check that the export produced rows before uploading; if a day really has no data, agree with ASAPP how to signal that instead of sending a header-only file.",
		Bad:  `customer_id,call_start,call_end`,
		Good: `customer_id,call_start,call_end
cust-1001,2024-05-01T08:00:00Z,2024-05-01T08:12:30Z`,
	},
	"file/format": {
		Why:  "ASAPP's automation picks the parser from the file's path, so JSONL content under format=csv (or CSV named .jsonl) fails to parse or is read as garbage.",
		Spec: "ASAPP's automation will use the S3 filename of your upload when deciding how to process your data file, where the filename is formatted as follows:",
		Fix:  "Name the file and its format= segment after what it really contains (.csv and format=csv for CSV, .jsonl and format=jsonl for JSONL), or re-export it in the named format.",
		Bad: `calls.csv:
{"customer_id":"cust-1001","call_start":"2024-05-01T08:00:00Z","call_end":"2024-05-01T08:12:30Z"}`,
		Good: `calls.jsonl:
{"customer_id":"cust-1001","call_start":"2024-05-01T08:00:00Z","call_end":"2024-05-01T08:12:30Z"}`,
	},
	"file/binary": {
		Why:  "ASAPP imports plain CSV or JSONL text; a gzip, zip or spreadsheet file uploaded under a .csv or .jsonl name cannot be read at all, so the import fails.",
		Spec: "You may provide files as CSV or JSONL format, but we strongly recommend JSONL where possible.",
		Fix:  "Decompress the file (`gunzip calls.csv.gz`, `unzip export.zip`) or export plain CSV/JSONL text instead of a spreadsheet, then check it again.",
		Bad: `calls.csv:
\x1F\x8B\x08\x00... (gzip-compressed bytes)`,
		Good: `calls.csv:
customer_id,call_start,call_end
cust-1001,2024-05-01T08:00:00Z,2024-05-01T08:12:30Z`,
	},
	"file/record-too-large": {
		Why:  "A record longer than 64 MiB is nearly always an unclosed quote or missing line break that swallowed the rest of the file; preflight skips it, and ASAPP's import would misread or reject it. The spec sets no size limit; this is preflight's own safety check.",
		Spec: "",
		Fix:  "Find the unterminated quote or missing newline just before the reported line and fix it; split a genuinely huge value into smaller records.",
		Bad: `conversation_externalId,sender_externalId,sender_role,text,timestamp
3245556677,6433421,agent,"Happy to help,2022-03-16T18:42:24Z
... (quote never closed: the next 70 MiB become one field)`,
		Good: `conversation_externalId,sender_externalId,sender_role,text,timestamp
3245556677,6433421,agent,"Happy to help",2022-03-16T18:42:24Z`,
	},
	"file/unknown-feed": {
		Why:  "Each feed has its own columns, types and rules, and ASAPP imports a file by the FEED_NAME in its path. A file whose header or keys match no feed (a stray notes.csv beside real exports, an export with renamed columns) cannot be checked against any schema, so preflight checks only its format and encoding, and says so here instead of stopping the whole run.",
		Spec: "ASAPP's automation will use the S3 filename of your upload when deciding how to process your data file, where the filename is formatted as follows:",
		Fix:  "Name the feed: `--feed call_center`, `feed:` or a `feeds:` glob in .preflight.yaml, or lay the file out under FEED_NAME/version=N/format=F/dt=YYYY-MM-DD/. If the file is not an export for ASAPP, list it under `exclude:` in .preflight.yaml.",
		Bad: `notes.csv:
a,b,c
1,2,3`,
		Good: `calls.csv:
customer_id,call_start,call_end
cust-1001,2024-05-01T08:00:00Z,2024-05-01T08:12:30Z`,
	},

	// CSV.

	"csv/syntax": {
		Why:  "A stray or unclosed quote makes the parser merge or split fields, so values land in the wrong columns or the whole file is rejected. The spec warns that CSV is fragile but states no quoting rules; this check follows RFC 4180.",
		Spec: "",
		Fix:  "Quote every field that holds a comma, quote or line break, and double the quotes inside it, e.g. `\"I said \"\"cancel\"\" twice\"`; better, let a CSV library write the file.",
		Bad: `conversation_externalId,sender_externalId,sender_role,text,timestamp
3245556677,6433421,customer,I said "cancel" twice,2022-03-16T18:42:24Z`,
		Good: `conversation_externalId,sender_externalId,sender_role,text,timestamp
3245556677,6433421,customer,"I said ""cancel"" twice",2022-03-16T18:42:24Z`,
	},
	"csv/field-count": {
		Why:  "A row with more or fewer fields than the header shifts every value after the break into the wrong column, or gets the row rejected; the usual cause is an unquoted comma inside a value. This is a CSV well-formedness check with no spec passage of its own. One mistake, one finding: the row's values are not then checked one by one (the shifted ones would only echo this finding as schema/type, timestamp or null/* findings), and in transcripts its conversation is not judged by single-party or duplicate-conversation, since one of its messages could not be read.",
		Spec: "",
		Fix:  "Quote values that contain commas (e.g. `\"Wireless, Premier\"`) and make every row carry exactly one value per header column, with NULL where a value is missing.",
		Bad: `customer_id,call_start,call_end,customer_type
cust-1001,2024-05-01T08:00:00Z,2024-05-01T08:12:30Z,Wireless, Premier`,
		Good: `customer_id,call_start,call_end,customer_type
cust-1001,2024-05-01T08:00:00Z,2024-05-01T08:12:30Z,"Wireless, Premier"`,
	},
	"csv/header-missing": {
		Why:  "Without a header ASAPP maps columns purely by position, so a single missing, extra or reordered column silently loads every value after it into the wrong field.",
		Spec: "If you send a CSV file, ASAPP recommends that you include a header. Otherwise, your CSV must provide columns in the exact order listed below.",
		Fix:  "Add a first row naming the columns exactly as the spec spells them.",
		Bad: `3245556677,6433421,agent,Happy to help,2022-03-16T18:42:24Z
3245556677,5501,customer,Thanks,2022-03-16T18:42:31Z`,
		Good: `conversation_externalId,sender_externalId,sender_role,text,timestamp
3245556677,6433421,agent,Happy to help,2022-03-16T18:42:24Z
3245556677,5501,customer,Thanks,2022-03-16T18:42:31Z`,
	},
	"csv/duplicate-column": {
		Why:  "When a header names a column twice, readers disagree on which of the two values wins, so one of them is silently lost at import. The spec has no passage on this; it is preflight's own safety check.",
		Spec: "",
		Fix:  "Drop the duplicate column, or rename it if it holds a different field.",
		Bad: `customer_id,call_start,call_end,call_start
cust-1001,2024-05-01T08:00:00Z,2024-05-01T08:12:30Z,2024-05-01T08:00:05Z`,
		Good: `customer_id,call_start,call_end,call_assigned_to_agent
cust-1001,2024-05-01T08:00:00Z,2024-05-01T08:12:30Z,2024-05-01T08:00:05Z`,
	},
	"csv/delimiter": {
		Why:  "CSV is comma-separated, and ASAPP's import splits rows on commas: a file whose fields are separated by semicolons (Excel's default in much of Europe), tabs or pipes arrives as one long column, so no column is found and every record fails. The spec names CSV without saying more; this follows RFC 4180. preflight says so once, then reads the file with the separator it found, so every other rule still checks it (and the feed can be told from the header); without this, each row would only be a one-field csv/field-count finding.",
		Spec: "You may provide files as CSV or JSONL format, but we strongly recommend JSONL where possible. (CSV files are just too fragile.)",
		Fix:  "Export with a comma as the separator, quoting values that contain commas (in Excel: save as \"CSV (Comma delimited)\"; in Python: csv.writer's default delimiter), or send JSONL.",
		Bad: `customer_id;call_start;call_end;caller_account_value
cust-1001;2024-05-01T08:00:00Z;2024-05-01T08:12:30Z;129.45`,
		Good: `customer_id,call_start,call_end,customer_type
cust-1001,2024-05-01T08:00:00Z,2024-05-01T08:12:30Z,Wireless; Premier`,
	},
	"null/empty-value": {
		Why:  "ASAPP reads only the unquoted string NULL as a missing value in CSV; an empty field is ambiguous (empty string, or a dropped value) and is loaded as an empty string or rejected for typed fields. An empty required field gets this one finding (its fix is the same NULL), not schema/required as well.",
		Spec: "When providing a CSV file, you must provide an explicit null value (as the unquoted string: `NULL` ) for missing or empty values.",
		Fix:  "Write the unquoted string NULL for a missing value, e.g. `a,NULL,c` instead of `a,,c`.",
		Bad: `customer_id,conversation_id,call_start,call_end
cust-1001,,2024-05-01T08:00:00Z,2024-05-01T08:12:30Z`,
		Good: `customer_id,conversation_id,call_start,call_end
cust-1001,NULL,2024-05-01T08:00:00Z,2024-05-01T08:12:30Z`,
	},
	"null/quoted-null": {
		Why:  "A quoted \"NULL\" (in CSV, or the JSON string \"NULL\" in JSONL) is a null written as text: ASAPP reads the four letters NULL, not a missing value, so a missing survey_answer arrives as the answer \"NULL\". preflight gives it one verdict everywhere: it is a missing value. In an optional field that is this warning; in a required field it is reported once, as schema/required, not here as well; and sales/attribution-key does not count it as a key.",
		Spec: "When providing a CSV file, you must provide an explicit null value (as the unquoted string: `NULL` ) for missing or empty values.",
		Fix:  "Write NULL without quotes in CSV (if your CSV writer quotes every field, switch it to minimal quoting, e.g. Python's csv.QUOTE_MINIMAL), and JSON null, not \"NULL\", in JSONL.",
		Bad: `customer_id,call_start,call_end,survey_answer
cust-1001,2024-05-01T08:00:00Z,2024-05-01T08:12:30Z,"NULL"`,
		Good: `customer_id,call_start,call_end,survey_answer
cust-1001,2024-05-01T08:00:00Z,2024-05-01T08:12:30Z,NULL`,
	},
	"null/spelling": {
		Why:  "Only the unquoted string NULL means missing; null, None, N/A, \\N or nil are imported as literal text, polluting categories and failing typed fields. NA is accepted in transfer because the spec names it there. Free-text fields are exempt: a customer who types \"None\" in a message means it, so text (transcripts), disposition_notes and survey_answer (call_center), and any custom-feed field marked \"x-preflight-free-text\": true are never flagged. In a required field a null spelling is a missing value, reported once as schema/required instead.",
		Spec: "When providing a CSV file, you must provide an explicit null value (as the unquoted string: `NULL` ) for missing or empty values.\nAgent queue name if call was transferred. NA or Null value for calls not transferred.",
		Fix:  "Replace every other spelling of null with the unquoted string NULL, e.g. `...,NULL,...` instead of `...,N/A,...`.",
		Bad: `customer_id,call_start,call_end,customer_type
cust-1001,2024-05-01T08:00:00Z,2024-05-01T08:12:30Z,N/A`,
		Good: `customer_id,call_start,call_end,customer_type
cust-1001,2024-05-01T08:00:00Z,2024-05-01T08:12:30Z,NULL`,
	},

	// JSONL.

	"jsonl/syntax": {
		Why:  "Each JSONL line is parsed as one JSON value; a line that is not valid JSON (single quotes, trailing commas, two objects on one line) is lost or fails the import. JSON Lines itself requires this; the spec has no further passage.",
		Spec: "",
		Fix:  "Write each record with a real JSON encoder (e.g. Python's json.dumps, not str(dict)), one object per line.",
		Bad:  `{'customer_id': 'cust-1001', 'call_start': '2024-05-01T08:00:00Z', 'call_end': '2024-05-01T08:12:30Z'}`,
		Good: `{"customer_id": "cust-1001", "call_start": "2024-05-01T08:00:00Z", "call_end": "2024-05-01T08:12:30Z"}`,
	},
	"jsonl/not-object": {
		Why:  "ASAPP maps JSONL fields by key, so a line holding an array, string or number has no field names and cannot be imported. This is a JSON Lines structure check with no spec passage of its own.",
		Spec: "",
		Fix:  "Write each record as a JSON object whose keys are the spec's field names.",
		Bad:  `["cust-1001", "2024-05-01T08:00:00Z", "2024-05-01T08:12:30Z"]`,
		Good: `{"customer_id": "cust-1001", "call_start": "2024-05-01T08:00:00Z", "call_end": "2024-05-01T08:12:30Z"}`,
	},
	"jsonl/blank-line": {
		Why:  "Strict JSONL readers treat an empty line as invalid JSON and may reject the file; blank lines usually come from concatenating files or writing an extra newline per record. The spec has no passage on this; it is preflight's own safety check.",
		Spec: "",
		Fix:  "Remove blank lines so that every line holds exactly one JSON object, with a single newline at the end of the file.",
		Bad: `{"customer_id": "cust-1001", "call_start": "2024-05-01T08:00:00Z", "call_end": "2024-05-01T08:12:30Z"}

{"customer_id": "cust-1002", "call_start": "2024-05-01T09:00:00Z", "call_end": "2024-05-01T09:04:10Z"}`,
		Good: `{"customer_id": "cust-1001", "call_start": "2024-05-01T08:00:00Z", "call_end": "2024-05-01T08:12:30Z"}
{"customer_id": "cust-1002", "call_start": "2024-05-01T09:00:00Z", "call_end": "2024-05-01T09:04:10Z"}`,
	},
	"jsonl/duplicate-key": {
		Why:  "JSON parsers disagree on which of two equal keys wins (first, last, or an error), so the value ASAPP imports may not be the one you meant. The spec has no passage on this; it is preflight's own safety check.",
		Spec: "",
		Fix:  "Emit each key once per object; if two source fields map to one name, rename or drop one of them.",
		Bad:  `{"customer_id": "cust-1001", "call_start": "2024-05-01T08:00:00Z", "call_end": "2024-05-01T08:12:30Z", "call_start": "2024-05-01T08:00:05Z"}`,
		Good: `{"customer_id": "cust-1001", "call_start": "2024-05-01T08:00:00Z", "call_end": "2024-05-01T08:12:30Z", "call_assigned_to_agent": "2024-05-01T08:00:05Z"}`,
	},
	"jsonl/too-deep": {
		Why:  "Every ASAPP feed is flat, one scalar per field, so JSON nested more than 64 levels is a generator bug or a hostile file that can exhaust a parser's stack; preflight skips the line. The spec has no passage on this; it is preflight's own safety check.",
		Spec: "",
		Fix:  "Flatten the record to the spec's top-level scalar fields.",
		Bad:  `{"customer_id": [[[[[[[[[[ ... 65 levels ... "cust-1001" ]]]]]]]]]]}`,
		Good: `{"customer_id": "cust-1001", "call_start": "2024-05-01T08:00:00Z", "call_end": "2024-05-01T08:12:30Z"}`,
	},

	// Schema conformance.

	"schema/missing-column": {
		Why:  "A required column absent from the header leaves that field empty for every row, so ASAPP rejects the file or every record in it.",
		Spec: "The table below shows the required fields to include in your uploaded call center data.\nThe fields described below must be the columns in your uploaded .CSV table.\nThe table below shows the required fields to be included in your uploaded sales methods and attribution data.",
		Fix:  "Add the missing column to the header and a value (or NULL where allowed) to every row; check its spelling against the spec.",
		Bad: `conversation_externalId,sender_externalId,sender_role,text
3245556677,6433421,agent,Happy to help`,
		Good: `conversation_externalId,sender_externalId,sender_role,text,timestamp
3245556677,6433421,agent,Happy to help,2022-03-16T18:42:24Z`,
	},
	"schema/unknown-column": {
		Why:  "A column or key the feed does not define is ignored at import; it is often a misspelled spec field, whose real data then never arrives.",
		Spec: "Make sure the structure for the imported file (whether columnar or json formatted) matches the current import standards (see below for details)",
		Fix:  "Rename the column to the spec's exact field name, or drop it if ASAPP does not expect it.",
		Bad: `customer_id,call_start,call_end,call_wrap_secs
cust-1001,2024-05-01T08:00:00Z,2024-05-01T08:12:30Z,30`,
		Good: `customer_id,call_start,call_end,call_wrap_time
cust-1001,2024-05-01T08:00:00Z,2024-05-01T08:12:30Z,30`,
	},
	"schema/required": {
		Why:  "A record missing a required field cannot be keyed or placed in time, so ASAPP drops it or fails the import. A null counts however it is written: an absent key, JSON null, CSV NULL, \"NULL\" in quotes, or another spelling such as N/A in a field that is not free text; each gets this one finding, not a null/quoted-null or null/spelling warning as well (an empty CSV field is null/empty-value's).",
		Spec: "The table below shows the required fields to be included in your uploaded sales methods and attribution data.",
		Fix:  "Fill in every field whose REQUIRED? column says Yes; fix the export if the source lacks the value rather than sending null.",
		Bad:  `{"transaction_id": null, "transaction_time": "2024-05-01T14:30:05Z", "external_session_id": "sess-77", "external_customer_id": "34762720001", "product_quantity": 1}`,
		Good: `{"transaction_id": "tx-5001", "transaction_time": "2024-05-01T14:30:05Z", "external_session_id": "sess-77", "external_customer_id": "34762720001", "product_quantity": 1}`,
	},
	"schema/type": {
		Why:  "The spec's FORMAT column fixes each field's type (String, Integer, Decimal, Float, Bool, Timestamp); a value of another type, such as 600 sent as the string \"600\" or 12.5 in an Integer field, fails the import or loads as garbage.",
		Spec: "",
		Fix:  "Write each value in its field's type: in JSONL send numbers and booleans bare (`600`, `true`), not as strings; write Integer fields as whole numbers without fraction or exponent (`782`, not `782.00`: JSON Schema's integer allows a zero fraction, the spec's Integer does not).",
		Bad:  `{"customer_id": "cust-1001", "call_start": "2024-05-01T08:00:00Z", "call_end": "2024-05-01T08:12:30Z", "time_in_queue": "600"}`,
		Good: `{"customer_id": "cust-1001", "call_start": "2024-05-01T08:00:00Z", "call_end": "2024-05-01T08:12:30Z", "time_in_queue": 600}`,
	},
	"schema/constraint": {
		Why:  "A custom feed's JSON Schema from config is the contract for that feed; a value that breaks one of its constraints (enum, pattern, minimum, maxLength...) would be rejected or mis-categorised downstream. ASAPP's spec does not cover custom feeds; the constraint comes from your own schema.",
		Spec: "",
		Fix:  "Change the value to satisfy the constraint named in the finding, or correct the schema in config if the constraint is wrong.",
		Bad: `schema: "channel": {"enum": ["voice", "chat"]}
{"order_id": "A-1001", "channel": "phone"}`,
		Good: `schema: "channel": {"enum": ["voice", "chat"]}
{"order_id": "A-1001", "channel": "voice"}`,
	},
	"timestamp/iso8601": {
		Why:  "ASAPP parses Timestamp fields as ISO 8601 date-times; a local format such as 03/16/2022 or an impossible date like 2023-02-30 fails the import or is dropped, so the record cannot be placed in time.",
		Spec: "ISO 8601 formatted UTC timestamp.",
		Fix:  "Write timestamps as RFC 3339 date-times in UTC, e.g. `2022-03-16T18:42:24Z`, and check the date exists.",
		Bad: `conversation_externalId,sender_externalId,sender_role,text,timestamp
3245556677,6433421,agent,Happy to help,03/16/2022 18:42:24`,
		Good: `conversation_externalId,sender_externalId,sender_role,text,timestamp
3245556677,6433421,agent,Happy to help,2022-03-16T18:42:24Z`,
	},
	"timestamp/utc": {
		Why:  "ASAPP assumes UTC; a timestamp without a zone, or with a local offset, shifts events by hours, misorders them against other feeds and moves records across day boundaries.",
		Spec: "ISO 8601 formatted UTC timestamp.",
		Fix:  "Convert timestamps to UTC and end them with Z, e.g. `2024-05-01T08:00:00Z` instead of `2024-05-01T10:00:00+02:00`.",
		Bad: `customer_id,call_start,call_end
cust-1001,2024-05-01T10:00:00+02:00,2024-05-01T10:12:30+02:00`,
		Good: `customer_id,call_start,call_end
cust-1001,2024-05-01T08:00:00Z,2024-05-01T08:12:30Z`,
	},
	"timestamp/range": {
		Why:  "A timestamp before 2000 or in the future is almost always a placeholder (1900-01-01, the 1970 epoch) or a unit or time-zone mix-up, and attributes the record to the wrong period. The spec sets no range; this is preflight's own safety check.",
		Spec: "",
		Fix:  "Write NULL for unknown optional times instead of a placeholder date, and check the conversion (seconds vs milliseconds, local vs UTC).",
		Bad: `customer_id,call_start,call_end,call_assigned_to_agent
cust-1001,2024-05-01T08:00:00Z,2024-05-01T08:12:30Z,1970-01-01T00:00:00Z`,
		Good: `customer_id,call_start,call_end,call_assigned_to_agent
cust-1001,2024-05-01T08:00:00Z,2024-05-01T08:12:30Z,NULL`,
	},

	// Feed rules.

	"call_center/call-window": {
		Why:  "ASAPP computes call duration as call_end minus call_start; an end before the start gives a negative duration that corrupts handle-time metrics. It usually means swapped columns or mixed time zones.",
		Spec: "duration of call should be Call End - Call Start.",
		Fix:  "Make call_end the time the call ended, at or after call_start, both in UTC; check the columns are not swapped.",
		Bad: `customer_id,call_start,call_end
cust-1001,2024-05-01T08:12:30Z,2024-05-01T08:00:00Z`,
		Good: `customer_id,call_start,call_end
cust-1001,2024-05-01T08:00:00Z,2024-05-01T08:12:30Z`,
	},
	"call_center/assigned-window": {
		Why:  "A call cannot be answered by an agent before it is received or after it ends; such a call_assigned_to_agent skews queue and handle-time metrics and usually signals a time-zone or column mix-up.",
		Spec: "The date/time the call was answered by the agent.",
		Fix:  "Set call_assigned_to_agent to the UTC time the agent answered, between call_start and call_end, or NULL if the call never reached an agent.",
		Bad: `customer_id,call_start,call_end,call_assigned_to_agent
cust-1001,2024-05-01T08:00:00Z,2024-05-01T08:12:30Z,2024-05-01T07:58:00Z`,
		Good: `customer_id,call_start,call_end,call_assigned_to_agent
cust-1001,2024-05-01T08:00:00Z,2024-05-01T08:12:30Z,2024-05-01T08:02:00Z`,
	},
	"call_center/survey-consistency": {
		Why:  "survey_taken only has meaning when a survey was offered, so taken without offered is contradictory and distorts survey response rates.",
		Spec: "When a survey was offered, whether it was completed or not.",
		Fix:  "Set survey_offered to true for calls where a survey was taken, or correct survey_taken to false.",
		Bad: `customer_id,call_start,call_end,survey_offered,survey_taken
cust-1001,2024-05-01T08:00:00Z,2024-05-01T08:12:30Z,false,true`,
		Good: `customer_id,call_start,call_end,survey_offered,survey_taken
cust-1001,2024-05-01T08:00:00Z,2024-05-01T08:12:30Z,true,true`,
	},
	"call_center/ivr-consistency": {
		Why:  "By the spec's definitions a caller resolved by the IVR received a self-service response, while an abandoning caller did not, so both true is contradictory and double-counts the call in IVR containment metrics.",
		Spec: "Caller triggered a self-service response from the IVR and then disconnected.\nCaller disconnected without receiving a self-service response from IVR nor being placed in live agent queue.",
		Fix:  "Set at most one of ivr_resolved and ivr_abandoned to true, following your IVR's outcome for the call.",
		Bad: `customer_id,call_start,call_end,ivr_resolved,ivr_abandoned
cust-1001,2024-05-01T08:00:00Z,2024-05-01T08:02:10Z,true,true`,
		Good: `customer_id,call_start,call_end,ivr_resolved,ivr_abandoned
cust-1001,2024-05-01T08:00:00Z,2024-05-01T08:02:10Z,true,false`,
	},
	"value/negative": {
		Why:  "Durations in seconds and product quantities cannot be negative; a negative value (often a reversed subtraction or a -1 sentinel for unknown) corrupts averages and totals at ASAPP.",
		Spec: "Seconds caller waits in queue to be assigned to an agent.\nCall duration in seconds from call assignment event to call disconnect event.\nDuration in seconds from call disconnect event to end of agent wrap event.\nA number indicating the quantity of the product purchased.",
		Fix:  "Fix the computation (end minus start, not start minus end) and write NULL instead of a negative sentinel for an unknown value.",
		Bad: `customer_id,call_start,call_end,call_handle_time
cust-1001,2024-05-01T08:00:00Z,2024-05-01T08:12:30Z,-650`,
		Good: `customer_id,call_start,call_end,call_handle_time
cust-1001,2024-05-01T08:00:00Z,2024-05-01T08:12:30Z,650`,
	},
	"sales/attribution-key": {
		Why:  "ASAPP attributes a sale to its conversations through external_customer_id or issue_id; with neither, the record cannot be attributed and is useless for sales attribution.",
		Spec: "In order to attribute to ASAPP metadata, one of these will be required (Customer ID or Conversation ID)",
		Fix:  "Fill in external_customer_id (the hashed customer ID) or issue_id (the ASAPP conversation ID), or both.",
		Bad: `transaction_id,transaction_time,external_customer_id,issue_id,external_session_id,product_quantity
tx-5001,2024-05-01T14:30:05Z,NULL,NULL,sess-77,1`,
		Good: `transaction_id,transaction_time,external_customer_id,issue_id,external_session_id,product_quantity
tx-5001,2024-05-01T14:30:05Z,34762720001,NULL,sess-77,1`,
	},
	"record/duplicate": {
		Why:  "Incremental imports append, so an identical record sent twice is counted twice (calls, sales, messages), inflating every metric built on it. The spec has no passage on duplicate records; this is preflight's own safety check. In transcripts a message is compared with the messages of its conversation at the same instant; when every message of a conversation is doubled, the whole conversation was sent twice, which is one transcript/duplicate-conversation finding instead of one of these per message.",
		Spec: "",
		Fix:  "Remove the repeated record; if it comes from overlapping exports, make each export cover a disjoint time range.",
		Bad: `customer_id,call_start,call_end
cust-1001,2024-05-01T08:00:00Z,2024-05-01T08:12:30Z
cust-1001,2024-05-01T08:00:00Z,2024-05-01T08:12:30Z`,
		Good: `customer_id,call_start,call_end
cust-1001,2024-05-01T08:00:00Z,2024-05-01T08:12:30Z
cust-1001,2024-05-01T09:30:00Z,2024-05-01T09:41:00Z`,
	},
	"transcript/sender-role": {
		Why:  "ASAPP's model training keys on sender_role; a value other than exactly agent, customer or bot (Agent, AGENT, user, system) is not recognised, so the message is dropped or attributed to the wrong party. The conversation is not also reported by transcript/single-party for it: a wrong role that clearly names a party counts as that party, and one that names none leaves the conversation unjudged.",
		Spec: "Supported values are 'agent', 'customer' or 'bot'",
		Fix:  "Map roles to exactly `agent`, `customer` or `bot` in lower case (e.g. Agent or rep to agent, user to customer, system or ivr to bot).",
		Bad: `conversation_externalId,sender_externalId,sender_role,text,timestamp
3245556677,6433421,Agent,Happy to help,2022-03-16T18:42:24Z`,
		Good: `conversation_externalId,sender_externalId,sender_role,text,timestamp
3245556677,6433421,agent,Happy to help,2022-03-16T18:42:24Z`,
	},
	"transcript/sender-conflict": {
		Why:  "One sender appearing as two roles in one conversation makes it unclear who said what, so the transcript teaches models the wrong speaker turns; it usually means sender IDs were mixed up in the export.",
		Spec: "Each utterance is clearly demarcated and sent by one identified sender",
		Fix:  "Give each participant one sender_externalId and one role per conversation; check the export does not reuse an agent ID for the customer.",
		Bad: `conversation_externalId,sender_externalId,sender_role,text,timestamp
3245556677,6433421,customer,My bill is wrong,2022-03-16T18:42:20Z
3245556677,6433421,agent,Happy to help,2022-03-16T18:42:24Z`,
		Good: `conversation_externalId,sender_externalId,sender_role,text,timestamp
3245556677,5501,customer,My bill is wrong,2022-03-16T18:42:20Z
3245556677,6433421,agent,Happy to help,2022-03-16T18:42:24Z`,
	},
	"transcript/chronological-order": {
		Why:  "Transcripts are read in file order; a message earlier than the one before it scrambles the dialogue, so models learn answers that precede their questions. A conversation that starts over with a copy of itself (1-2-3-1-2-3) is not out of order but exported twice: that is one transcript/duplicate-conversation finding instead, since sorting it would only leave every message doubled.",
		Spec: "Utterances are in chronological order and complete, from beginning to very end of the conversation",
		Fix:  "Sort each conversation's messages by timestamp before writing, e.g. ORDER BY conversation_externalId, timestamp.",
		Bad: `conversation_externalId,sender_externalId,sender_role,text,timestamp
3245556677,5501,customer,My bill is wrong,2022-03-16T18:42:20Z
3245556677,5501,customer,Thanks!,2022-03-16T18:43:02Z
3245556677,6433421,agent,Happy to help,2022-03-16T18:42:24Z`,
		Good: `conversation_externalId,sender_externalId,sender_role,text,timestamp
3245556677,5501,customer,My bill is wrong,2022-03-16T18:42:20Z
3245556677,6433421,agent,Happy to help,2022-03-16T18:42:24Z
3245556677,5501,customer,Thanks!,2022-03-16T18:43:02Z`,
	},
	"transcript/duplicate-conversation": {
		Why:  "The same transcript twice is counted twice in training data, over-weighting it and leaking between training and evaluation sets. A duplicate is the same messages (role, text and timestamp, whatever the row order) under another conversation_externalId, again under its own id in another file, or repeated under its own id in one file, appended (1-2-3-1-2-3) or with each message doubled (1-1-2-2-3-3). That last case is one finding where the repeat starts, in place of the chronological-order finding of the restart and the record/duplicate finding of each copied message; the same id again in another file is this finding, not conversation-split. Conversations with the same words at other times are not duplicates (scripted chats recur between customers): long ones are transcript/repeated-content's warning.",
		Spec: "There are no duplicate transcripts",
		Fix:  "Send each conversation once, under one conversation_externalId: remove the repeated copy (a query that ran twice, overlapping exports, a file uploaded twice), and deduplicate exports that pull the same conversation from two systems.",
		Bad: `conversation_externalId,sender_externalId,sender_role,text,timestamp
1001,5501,customer,My bill is wrong,2022-03-16T18:42:20Z
1001,6433421,agent,Happy to help,2022-03-16T18:42:24Z
1001,5501,customer,My bill is wrong,2022-03-16T18:42:20Z
1001,6433421,agent,Happy to help,2022-03-16T18:42:24Z`,
		Good: `conversation_externalId,sender_externalId,sender_role,text,timestamp
1001,5501,customer,My bill is wrong,2022-03-16T18:42:20Z
1001,6433421,agent,Happy to help,2022-03-16T18:42:24Z
1002,5502,customer,My bill is wrong,2022-03-17T09:10:00Z
1002,6433421,agent,Happy to help,2022-03-17T09:10:04Z`,
	},
	"transcript/repeated-content": {
		Why:  "Two long conversations with word for word the same messages at different times are usually one conversation exported twice with its times shifted (a time-zone conversion applied twice, a re-export), which transcript/duplicate-conversation cannot see since the timestamps differ. Short scripted chats (\"I would like to order a latte\" / \"Unfortunately there are no menu items...\") really do recur between customers, so only conversations of at least 8 messages are compared (set rule-settings: transcript/repeated-content: min-messages in .preflight.yaml), and it is a warning. The same messages at the same times are duplicate-conversation's error, not this warning as well.",
		Spec: "There are no duplicate transcripts",
		Fix:  "If it is the same conversation exported twice, send it once, with its real UTC times; if a long script really recurs, keep it, or raise min-messages.",
		Bad: `conversation_externalId,sender_externalId,sender_role,text,timestamp
1001,5501,customer,My internet is down,2022-03-16T18:00:00Z
1001,6433421,agent,Sorry - let me check,2022-03-16T18:01:00Z
1001,5501,customer,Since 9 this morning,2022-03-16T18:02:00Z
1001,6433421,agent,There is an outage in your area,2022-03-16T18:03:00Z
1001,5501,customer,When will it be fixed?,2022-03-16T18:04:00Z
1001,6433421,agent,By 6 PM today,2022-03-16T18:05:00Z
1001,5501,customer,Thanks,2022-03-16T18:06:00Z
1001,6433421,agent,Anything else?,2022-03-16T18:07:00Z
1002,5501,customer,My internet is down,2022-03-16T20:00:00Z
1002,6433421,agent,Sorry - let me check,2022-03-16T20:01:00Z
1002,5501,customer,Since 9 this morning,2022-03-16T20:02:00Z
1002,6433421,agent,There is an outage in your area,2022-03-16T20:03:00Z
1002,5501,customer,When will it be fixed?,2022-03-16T20:04:00Z
1002,6433421,agent,By 6 PM today,2022-03-16T20:05:00Z
1002,5501,customer,Thanks,2022-03-16T20:06:00Z
1002,6433421,agent,Anything else?,2022-03-16T20:07:00Z`,
		Good: `conversation_externalId,sender_externalId,sender_role,text,timestamp
1001,5501,customer,I would like to order a latte,2022-03-16T18:00:00Z
1001,6433421,agent,Unfortunately there are no menu items for that,2022-03-16T18:00:10Z
1002,5502,customer,I would like to order a latte,2022-03-17T09:30:00Z
1002,6433421,agent,Unfortunately there are no menu items for that,2022-03-17T09:30:10Z`,
	},
	"transcript/conversation-split": {
		Why:  "A conversation spread over several files may be imported as separate partial transcripts, so neither part is complete from beginning to end. A file that holds exactly the same messages of the conversation again is not a split but the same transcript sent twice: transcript/duplicate-conversation reports it instead.",
		Spec: "Utterances are in chronological order and complete, from beginning to very end of the conversation",
		Fix:  "Write all messages of a conversation into one file, e.g. assign conversations to files by their start time rather than by each message's time.",
		Bad: `part-1.csv: 3245556677,5501,customer,My bill is wrong,2022-03-16T23:59:50Z
part-2.csv: 3245556677,6433421,agent,Happy to help,2022-03-17T00:00:10Z`,
		Good: `part-1.csv: 3245556677,5501,customer,My bill is wrong,2022-03-16T23:59:50Z
part-1.csv: 3245556677,6433421,agent,Happy to help,2022-03-17T00:00:10Z`,
	},
	"transcript/empty-text": {
		Why:  "A message with empty or whitespace-only text carries nothing to learn from and breaks the turn structure of the conversation; it usually stands for an attachment or system event that was not exported. An empty CSV field is null/empty-value's finding, not this one as well; this rule reports whitespace-only text, and \"\" in JSONL.",
		Spec: "Where possible, transcripts include the full content of the conversation rather than an abbreviated version.",
		Fix:  "Export the real message content (or a short description of an attachment), or leave out events that are not messages.",
		Bad: `conversation_externalId,sender_externalId,sender_role,text,timestamp
3245556677,5501,customer," ",2022-03-16T18:42:20Z`,
		Good: `conversation_externalId,sender_externalId,sender_role,text,timestamp
3245556677,5501,customer,My bill is wrong,2022-03-16T18:42:20Z`,
	},
	"transcript/single-party": {
		Why:  "A conversation with no customer message, or no agent or bot message, is only half a dialogue and is unusable for training; it usually means the export filtered out one side. A message whose sender_role is wrong but clearly names a party (Customer, user, rep) counts as that party; a conversation with a message whose role is missing or names no party, or whose row has the wrong field count, is not judged, since transcript/sender-role, schema/required or csv/field-count already reports that message.",
		Spec: "Utterances are in chronological order and complete, from beginning to very end of the conversation",
		Fix:  "Export both sides of every conversation; drop conversations that really have only one party.",
		Bad: `conversation_externalId,sender_externalId,sender_role,text,timestamp
3245556677,6433421,agent,Happy to help,2022-03-16T18:42:24Z
3245556677,6433421,agent,Anything else?,2022-03-16T18:43:10Z`,
		Good: `conversation_externalId,sender_externalId,sender_role,text,timestamp
3245556677,5501,customer,My bill is wrong,2022-03-16T18:42:20Z
3245556677,6433421,agent,Happy to help,2022-03-16T18:42:24Z`,
	},
	"transcript/sampling-window": {
		Why:  "Transcripts from a narrow window (or dominated by one month, such as the holidays) make models learn seasonal topics and miss the rest of the year. A run is judged from 50 conversations on (set rule-settings: transcript/sampling-window: min-conversations in .preflight.yaml): a test fixture or a pre-commit sample is not a training set. The examples below set it to 3.",
		Spec: "Transcripts are from a wide range of dates to avoid seasonality effects; random sampling over a 12-month period is recommended",
		Fix:  "Sample conversations at random across at least 12 months, with no single month holding more than a quarter of them.",
		Bad: `.preflight.yaml:
rule-settings:
  transcript/sampling-window:
    min-conversations: 3
transcripts.csv:
conversation_externalId,sender_externalId,sender_role,text,timestamp
1001,5501,customer,Where is my order?,2023-12-02T10:00:00Z
1002,5502,customer,Can I return a gift?,2023-12-27T15:30:00Z
1003,5503,customer,Holiday hours?,2023-12-24T09:10:00Z`,
		Good: `.preflight.yaml:
rule-settings:
  transcript/sampling-window:
    min-conversations: 3
transcripts.csv:
conversation_externalId,sender_externalId,sender_role,text,timestamp
1001,5501,customer,Where is my order?,2023-01-09T10:00:00Z
1002,5502,customer,Can I return a gift?,2023-04-12T15:30:00Z
1003,5503,customer,Holiday hours?,2023-07-24T09:10:00Z
1004,5504,customer,Change my plan,2023-10-05T11:45:00Z
1005,5505,customer,My bill is wrong,2024-01-18T16:20:00Z`,
	},

	// Partition and target.

	"partition/window": {
		Why:  "The dt= segment tells ASAPP which day a file holds: in incremental mode records outside that UTC day are attributed to the wrong day or double-counted with the next day's file; in snapshot mode records after the day end should not exist yet. Local-time exports are the usual cause.",
		Spec: "If you use the value `dt=2018-09-02` in your constricted filename, you are indicating that the data contained in that file includes records from `2018-09-02 00:00:00 UTC` → `2018-09-02 23:59:59 UTC`.\nA date of `2018-09-02` means the data includes, effectively, all things from `1970-01-01 00:00:00 UTC` → `2018-09-02 23:59:59 UTC`.",
		Fix:  "Select records by their UTC event time for the dt day (00:00:00–23:59:59 UTC), or move them to the file of the day they belong to.",
		Bad: `call_center_issues/version=1/format=csv/dt=2024-05-01/calls.csv:
customer_id,call_start,call_end
cust-1001,2024-05-02T00:30:00Z,2024-05-02T00:41:00Z`,
		Good: `call_center_issues/version=1/format=csv/dt=2024-05-01/calls.csv:
customer_id,call_start,call_end
cust-1001,2024-05-01T23:30:00Z,2024-05-01T23:41:00Z`,
	},
	"target/path": {
		Why:  "ASAPP's automation decides how to process a file from its S3 path; a path outside the convention (missing dt=, impossible date, a data file named _SUCCESS) is not imported or is imported as the wrong feed or day.",
		Spec: "ASAPP's automation will use the S3 filename of your upload when deciding how to process your data file, where the filename is formatted as follows:\ns3://BUCKET_NAME/FEED_NAME/version=VERSION_NUMBER/format=FORMAT_NAME/dt=DATE/hr=HOUR/mi=MINUTE/DATAFILE_NAME(S)",
		Fix:  "Build the key as FEED_NAME/version=N/format=FORMAT/dt=YYYY-MM-DD[/hr=HH[/mi=MM]]/FILE with a real date and time.",
		Bad:  `call_center_issues/version=1/format=csv/2024-05-01/calls.csv`,
		Good: `call_center_issues/version=1/format=csv/dt=2024-05-01/calls.csv`,
	},
	"target/format": {
		Why:  "The format= segment tells ASAPP both the parser and the mode (incremental or snapshot); if it disagrees with the file, the file fails to parse or a snapshot is appended instead of replacing the table (or the reverse).",
		Spec: "The value you provide us in the `format` field discussed above, tells ASAPP whether to treat the data you provide as Incremental or Snapshot data.\nSnapshot data must go into a format=snapshot_{type} folder.",
		Fix:  "Use format=csv or format=jsonl for incremental files and format=snapshot_csv or format=snapshot_jsonl for snapshots, matching the file's actual format.",
		Bad:  `call_center_issues/version=1/format=csv/dt=2024-05-01/calls.jsonl`,
		Good: `call_center_issues/version=1/format=jsonl/dt=2024-05-01/calls.jsonl`,
	},
	"target/bucket": {
		Why:  "ASAPP only imports from the buckets it created for you; a bucket name outside its convention is a typo or a wrong environment, so the upload fails or lands where nothing imports it.",
		Spec: "For clarity, ASAPP name buckets use the following convention:\ns3://asapp-{env}-{company_name}-imports-{aws-region}\nEnvironment (prod, pre_prod, test)\ncompany name should not have spaces within.",
		Fix:  "Use the bucket ASAPP gave you: asapp-{env}-{company}-imports-{region} (asapp-customers-sftp-{env}-{region} for transcripts), with env one of prod, pre_prod, test.",
		Bad:  `s3://asapp-production-acme-imports-us-east-1/call_center_issues/version=1/format=csv/dt=2024-05-01/calls.csv`,
		Good: `s3://asapp-prod-acme-imports-us-east-1/call_center_issues/version=1/format=csv/dt=2024-05-01/calls.csv`,
	},
	"target/transcripts-bucket": {
		Why:  "Historical transcripts are collected from a separate sftp bucket, and other feeds from the imports bucket; data sent to the other one is never picked up.",
		Spec: "Historical transcripts are sent to a distinct S3 target separate from other data imports.\nasapp-customers-sftp-{env}-{aws-region}",
		Fix:  "Send transcripts to asapp-customers-sftp-{env}-{region} and every other feed to asapp-{env}-{company}-imports-{region}.",
		Bad:  `s3://asapp-prod-acme-imports-us-east-1/transcripts/version=1/format=csv/dt=2024-05-01/transcripts.csv`,
		Good: `s3://asapp-customers-sftp-prod-us-east-1/transcripts/version=1/format=csv/dt=2024-05-01/transcripts.csv`,
	},
	"target/already-complete": {
		Why:  "Once _SUCCESS is in a prefix, ASAPP treats that upload as complete and may already have imported it; files added afterwards are missed or imported twice.",
		Spec: "Upon completing a data upload, you must upload an EMPTY file named _SUCCESS to the same path as your uploaded file, as a flag that indicates your data upload is complete. Until this file is uploaded, ASAPP will assume that the upload is in progress and will not import the associated data file.",
		Fix:  "Publish new data to its own dt (or hr/mi) prefix; to replace a completed upload, agree it with ASAPP and rerun with --replace. Config cannot turn this rule off or lower it: it is the safety gate that keeps a completed prefix from being changed by accident, and --replace is the way to do it on purpose.",
		Bad: `existing: call_center_issues/version=1/format=csv/dt=2024-05-01/_SUCCESS
upload:   call_center_issues/version=1/format=csv/dt=2024-05-01/calls-2.csv`,
		Good: `existing: call_center_issues/version=1/format=csv/dt=2024-05-01/_SUCCESS
upload:   call_center_issues/version=1/format=csv/dt=2024-05-02/calls.csv`,
	},
	"target/stray-object": {
		Why:  "ASAPP imports everything under a prefix that holds _SUCCESS. An object there that this publish did not check — a file from an earlier upload with another file set, or one copied by hand — would be imported with the new marker as if it had been checked.",
		Spec: "Upon completing a data upload, you must upload an EMPTY file named _SUCCESS to the same path as your uploaded file, as a flag that indicates your data upload is complete.",
		Fix:  "Delete the object, add the file it came from to the publish, or publish with --replace, which deletes objects the new upload does not have after the new files are verified and before _SUCCESS. Config cannot lower this rule: it is part of publish's guarantee.",
		Bad: `existing: call_center_issues/version=1/format=csv/dt=2024-05-01/calls-old.csv
upload:   call_center_issues/version=1/format=csv/dt=2024-05-01/calls.csv`,
		Good: `existing: call_center_issues/version=1/format=csv/dt=2024-05-01/calls.csv
upload:   call_center_issues/version=1/format=csv/dt=2024-05-01/calls.csv`,
	},
	"target/backfill": {
		Why:  "Imports run once a day, 4 h after UTC midnight, for the previous day; data for an older dt is not picked up unless ASAPP schedules a re-import.",
		Spec: "Data imports are scheduled daily, 4 hours after UTC midnight (for the previous day's data)\nIn the event that you upload historical data (i.e., from older dates than are currently in the system), please inform your ASAPP team so a complete re-import can be scheduled.",
		Fix:  "Tell your ASAPP team about the backfill so they schedule a re-import, or upload the data under the current day's dt if it belongs there.",
		Bad: `(uploaded on 2024-05-10)
call_center_issues/version=1/format=csv/dt=2024-04-20/calls.csv`,
		Good: `(uploaded on 2024-05-10)
call_center_issues/version=1/format=csv/dt=2024-05-09/calls.csv`,
	},
}
