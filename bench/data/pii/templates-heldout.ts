/**
 * Sentence templates of the HELD-OUT split: written separately from templates-tuning.ts, with other
 * phrasings, layouts and document kinds. Never used to tune the detector; scored only in the bench.
 */
export const TEMPLATES: string[] = [
  // names after cues, greetings, sign-offs, in lists and records
  "Hello {NAME}, your parcel is waiting at the front desk.",
  "Good morning {FIRST}! The {~PRODUCT} you ordered is back in stock.",
  "I am {NAME}, the account holder, and I did not authorise this payment.",
  "Thanks again,\n{FIRST}",
  "Best wishes,\n{NAME}\nSenior Analyst, {~ORG}",
  "cc: {NAME}; {NAME}",
  "Could {FIRST} or {FIRST} cover the night shift on {~WEEKDAY}?",
  "Mrs. {LAST} asked whether the clinic accepts walk-ins.",
  "The report was written by {NAME} and reviewed by {NAME}.",
  "Spoke with {FIRST} on the phone; {FIRST} will email the signed form.",
  "Attendees: {NAME}, {NAME}, {NAME}",
  "Patient name: {NAME}\nDOB: {~DATE}\nPhone: {PHONE}",
  // addresses in other layouts
  "Our new office is at {ADDR}, come by any time.",
  "Deliver to\n{NAME}\n{ADDR_ML}\nLeave at the door.",
  "Return address: {ADDR_ML}",
  "She lives at {ADDR_STREET}, near the old railway bridge.",
  "Road works on {~STREET} will last until {~MONTH}.",
  "Which stores deliver to ZIP {ZIP}?",
  "Registered office: {ADDR_UK}",
  "Lieferadresse: {ADDR_EU}",
  "Our flagship store in {~CITY} moved to a bigger site; the {~ORG} warehouse stays.",
  // ages in context
  "He turns {AGE} next week and wants a quiet party.",
  "The applicant, aged {AGE}, meets the requirements.",
  "A {AGE_YH}-old cyclist was treated at the scene.",
  "My son is {AGE_Y} old and allergic to peanuts.",
  "Room {~COUNT} is booked for {~COUNT} guests from {~COUNTRY}.",
  // finance
  "Use the Visa {CARD} (exp {EXP}, security code {CVV}) for the deposit.",
  "Refund {~AMOUNT} to the Mastercard {CARD}.",
  "Gift card {~BADCARD} has no balance left.",
  "Enter your PIN ({PIN}) only at the terminal, never online.",
  "Beneficiary IBAN: {IBAN}\nSWIFT/BIC: {SWIFT}",
  "The payment to {~BADIBAN} bounced because the IBAN is invalid.",
  "ABA routing {ROUTING} / checking account {ACCT}",
  "Invoice {~ORDER} totals {~AMOUNT}, due {~DATE}.",
  // government ids
  "Social Security number: {SSN}",
  "Do not use {~BADSSN} as a test SSN, it is reserved.",
  "Individual taxpayer identification number {ITIN} was issued last year.",
  "US passport no. {PASSPORT} expires in {~MONTH}.",
  "DL# {DL} (expires {~DATE})",
  "Social insurance number {SIN} must be on the T4 slip.",
  "Health number: {CAHEALTH}",
  "Please quote your NHS number, {NHS}, at reception.",
  "Checksum error: NHS no. {~BADNHS} is not valid.",
  "NI number {NINO} is on the P60.",
  "HMRC unique taxpayer reference {UTR}",
  // vehicles
  "A car with registration {PLATE} was towed this morning.",
  "The vehicle identification number is {VIN}.",
  // IT
  "Allow inbound traffic from {IP} and {IPV6} on port 443.",
  "Wi-Fi client {MAC} keeps dropping off the network.",
  "Download the installer from {URL} (build {~VERSION}).",
  "export AWS_ACCESS_KEY_ID={AWSAK}\nexport AWS_SECRET_ACCESS_KEY={AWSSK}",
  "Login: {USERNAME} / Password: {PASSWORD}",
  "Your username is {USERNAME} and your new password is {PASSWORD}.",
  "Pipeline run {~UUID} finished at {~TIME}.",
  // tool outputs and records
  '{"results": [{"name": "{NAME}", "email": "{EMAIL}", "address": "{ADDR}"}]}',
  "| {NAME} | {EMAIL} | {PHONE} |",
  "2024-05-02T10:11:12Z auth.success account={USERNAME} src={IP}",
  "Case {~ORDER}: {FIRST} says the {~PRODUCT} overheats.",
  "Your parcel {~TRACKING} is on its way to {~CITY}.",
  "Item ISBN {~ISBN}, commit {~SHA}.",
  // no PII: organisations, places, capitalised headings
  "{~ORG} signed a supply deal with {~ORG} in {~COUNTRY}.",
  "Annual General Meeting of {~ORG}: Agenda and Minutes",
  "The parade goes down {~STREET} and ends at Central Station.",
];
