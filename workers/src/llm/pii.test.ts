import assert from "node:assert/strict";
import { test } from "node:test";
import { ibanValid, luhnValid, stripPii } from "./pii.ts";

test("each kind of personal data is replaced and counted", () => {
  const input =
    "Mail jane.doe+work@example.co.uk or bob@corp.io, call +44 20 7946 0958 or (555) 123-4567 or 555-987-6543. " +
    "Card 4111 1111 1111 1111, IBAN DE89 3704 0044 0532 0130 00, SSN 123-45-6789, " +
    "server 192.168.1.20, home 221B Baker Street.";
  const { text, redactions } = stripPii(input);
  assert.equal(
    text,
    "Mail [EMAIL] or [EMAIL], call [PHONE] or [PHONE] or [PHONE]. Card [CREDIT_CARD], IBAN [IBAN], SSN [SSN], " +
      "server [IP_ADDRESS], home [ADDRESS].",
  );
  assert.deepEqual(redactions, [
    { kind: "email", count: 2 },
    { kind: "iban", count: 1 },
    { kind: "credit_card", count: 1 },
    { kind: "ssn", count: 1 },
    { kind: "phone", count: 3 },
    { kind: "ipv4", count: 1 },
    { kind: "street_address", count: 1 },
  ]);
});

test("ordinary text with numbers is left alone", () => {
  const samples = [
    "Order 1234567890123 shipped on 2024-01-15 at 10:30; total 1,234.56 EUR.",
    "Revenue grew 12.5% to 4,000,000 in Q3 2023; see page 42 of the 10-K.",
    "The card number 4111 1111 1111 1112 fails its checksum.",
    "IBAN-like DE00 1234 5678 9012 3456 78 fails mod 97.",
    "Scores 1000 2000 3000 and ISBN 978-3-16-148410-0.",
    "Version 2.10.3 released; 300 999 people attended; x=3+4 5.",
    "Meet at 5 pm near the main street market.",
    "SSN-like 000-12-3456 and 666-12-3456 are invalid.",
    "Address 999.999.1.1 is not an IP.",
  ];
  for (const sample of samples) {
    const { text, redactions } = stripPii(sample);
    assert.equal(text, sample, `changed: ${sample}`);
    assert.deepEqual(redactions, []);
  }
});

test("checksums", () => {
  assert.equal(luhnValid("4111111111111111"), true);
  assert.equal(luhnValid("4111111111111112"), false);
  assert.equal(ibanValid("GB82WEST12345698765432"), true);
  assert.equal(ibanValid("GB82WEST12345698765433"), false);
});
