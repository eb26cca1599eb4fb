/**
 * Sentence templates of the TUNING split. `{SLOT}` is filled by generate.ts; slots in upper case are PII
 * (gold spans), slots prefixed `~` are distractors and near misses (no gold). The held-out split has its own
 * templates in templates-heldout.ts, written separately; none is shared.
 */
export const TEMPLATES: string[] = [
  // cue words and greetings (the "I'm Laura Palmer" bug)
  "I'm {NAME} and I need to update my billing details.",
  "Dear {NAME},\nYour appointment is confirmed for {~DATE} at {~TIME}.",
  "Hello {NAME}, thanks for reaching out to {~ORG}.",
  "Hi {FIRST}, can you resend the invoice? Thanks, {FIRST}",
  "This is {NAME} from {~ORG}; please call me back on {PHONE}.",
  "My name is {NAME} and my email is {EMAIL}.",
  "Regards,\n{NAME}\n{~ORG}",
  "Please ask {FIRST} to review the draft before {~WEEKDAY}.",
  "Dr. {LAST} will see the patient, who is {AGE_Y} old, at {~TIME}.",
  "According to {FIRST}, the shipment left {~CITY} on time.",
  "{NAME} ({EMAIL}) joined the {~ORG} team last month.",
  "Meeting notes: {FIRST}, {FIRST} and {FIRST} agreed to move the launch.",
  // addresses, single and multi-line, zip codes
  "Ship the replacement to {ADDR}.",
  "Mailing address:\n{ADDR_ML}",
  "Please send the contract to:\n{NAME}\n{ADDR_ML}",
  "We moved to {ADDR_STREET} last spring.",
  "The store on {~STREET} is closed for renovation until {~DATE}.",
  "My zip code is {ZIP}, is delivery available?",
  "Billing: {ADDR_UK}",
  "Invoice to {~ORG}, {ADDR_EU}",
  "{~ORG} opened a new branch in {~CITY}, {~COUNTRY}.",
  // ages
  "My mother turned {AGE} in {~MONTH} and still runs every day.",
  "Patient is a {AGE_YH}-old with a history of asthma.",
  "I am {AGE_Y} old and would like to join the pension plan.",
  "Age: {AGE}\nOccupation: teacher",
  "We sold {~COUNT} units in {~MONTH}, up from last year.",
  // finance
  "Card number {CARD}, CVV {CVV}, expires {EXP}.",
  "Please charge my card {CARD} for the {~AMOUNT} balance.",
  "The card ending in 4421 was declined; order {~ORDER} is on hold.",
  "Payment reference {~BADCARD} did not match any account.",
  "My PIN is {PIN}, I think someone saw it at the ATM.",
  "Wire {~AMOUNT} to IBAN {IBAN}, BIC {SWIFT}.",
  "The IBAN {~BADIBAN} was rejected by the bank.",
  "Routing number {ROUTING}, account number {ACCT}.",
  "Direct deposit form: routing {~BADROUTING} is not valid, please check.",
  // government ids
  "My SSN is {SSN} and my date of birth is {~DATE}.",
  "The form shows {~BADSSN} in the SSN field, which looks like a placeholder.",
  "ITIN: {ITIN}",
  "Passport number {PASSPORT}, issued in {~CITY}.",
  "Driver's license {DL}, state of issue {~STATE}.",
  "Her SIN is {SIN} according to the payroll record.",
  "Ontario health card number {CAHEALTH} expires next year.",
  "NHS number {NHS} was added to the referral.",
  "The NHS number {~BADNHS} failed validation.",
  "National Insurance number: {NINO}",
  "My UTR is {UTR} for the self assessment return.",
  // vehicles
  "License plate {PLATE}, parked in lot B.",
  "VIN {VIN} is registered to {NAME}.",
  // IT
  "The server at {IP} refused the connection from {IPV6}.",
  "Device MAC address {MAC} was blocked by the firewall.",
  "See {URL} for the release notes of version {~VERSION}.",
  "aws_access_key_id = {AWSAK}\naws_secret_access_key = {AWSSK}",
  "username: {USERNAME}\npassword: {PASSWORD}",
  "Reset the password for user {USERNAME}; the temporary password is {PASSWORD}",
  "Commit {~SHA} fixed build {~VERSION}.",
  // tool outputs and records
  '{"customer": {"first_name": "{FIRST}", "last_name": "{LAST}", "email": "{EMAIL}", "phone": "{PHONE}"}}',
  "id,name,city,zip\n{~COUNT},{NAME},{~CITY},{ZIP}",
  "[INFO] login ok user={USERNAME} ip={IP}",
  "Ticket {~ORDER}: {NAME} reports that the {~PRODUCT} will not charge.",
  "Tracking number {~TRACKING} shows the parcel left {~CITY}.",
  "ISBN {~ISBN} is out of print; request id {~UUID}.",
  // no PII at all: capitalised organisations, places and titles
  "{~ORG} and {~ORG} announced a merger in {~CITY}.",
  "The Quarterly Review covers the {~PRODUCT} launch in {~COUNTRY}.",
  "Turn left onto {~STREET}, then follow the signs to the Museum of Modern Art.",
];
