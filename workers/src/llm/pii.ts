/**
 * Removes personal data from prompts of privacy tasks before any model sees them (001, 4.3's
 * `strip_pii`). Each kind is matched by a pattern chosen for few false positives, checked where a
 * checksum exists (Luhn for cards, ISO 7064 mod 97 for IBANs), and replaced by a placeholder such
 * as "[EMAIL]", so the model still knows something was there.
 *
 * Deliberately not matched (too many false positives without context): bare digit runs, phone
 * numbers written without separators or country code, SSNs without dashes, names. IPv4 addresses
 * are matched strictly (four octets 0-255), which also catches four-part version numbers such as
 * "1.2.3.4": acceptable for privacy work, where over-redaction is the safe side.
 */

export type PiiKind = "email" | "iban" | "credit_card" | "ssn" | "phone" | "ipv4" | "street_address";

export interface PiiRedaction {
  readonly kind: PiiKind;
  readonly count: number;
}

export const PII_PLACEHOLDERS: Record<PiiKind, string> = {
  email: "[EMAIL]",
  iban: "[IBAN]",
  credit_card: "[CREDIT_CARD]",
  ssn: "[SSN]",
  phone: "[PHONE]",
  ipv4: "[IP_ADDRESS]",
  street_address: "[ADDRESS]",
};

/** True when the digits pass the Luhn checksum (every card number does; ~90% of random runs do not). */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let digit = digits.charCodeAt(i) - 48;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return sum % 10 === 0;
}

/** True when an IBAN (spaces removed) passes ISO 7064 mod 97-10. */
export function ibanValid(iban: string): boolean {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const code = char.charCodeAt(0);
    const value = code >= 65 ? String(code - 55) : char;
    for (const digit of value) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return remainder === 1;
}

const octet = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const streetSuffix =
  "(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Parkway|Pkwy|Square|Sq)";

interface Detector {
  readonly kind: PiiKind;
  readonly pattern: RegExp;
  /** Extra check on a match (checksums, digit counts). */
  readonly accept?: (match: string) => boolean;
}

// Order matters: earlier kinds are replaced first, so their digits are gone before looser patterns run.
const DETECTORS: readonly Detector[] = [
  { kind: "email", pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g },
  {
    kind: "iban",
    pattern: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/g,
    accept: (match) => ibanValid(match.replace(/ /g, "")),
  },
  {
    kind: "credit_card",
    pattern: /\b\d(?:[ -]?\d){12,18}\b/g,
    accept: (match) => luhnValid(match.replace(/[ -]/g, "")),
  },
  { kind: "ssn", pattern: /\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b/g },
  {
    kind: "phone",
    // International (+country code, groups separated) or North American with separators.
    pattern: /(?:\+\d{1,3}(?:[ .-]?\(?\d{1,4}\)?){2,5}(?![\d])|(?:\(\d{3}\) ?|\b\d{3}[-.])\d{3}[-.]\d{4}\b)/g,
    accept: (match) => {
      const digits = match.replace(/\D/g, "").length;
      return digits >= 8 && digits <= 15;
    },
  },
  { kind: "ipv4", pattern: new RegExp(`(?<![\\d.])${octet}(?:\\.${octet}){3}(?![\\d]|\\.\\d)`, "g") },
  {
    kind: "street_address",
    pattern: new RegExp(`\\b\\d{1,5}[A-Za-z]? (?:[A-Z][a-z]+ ){1,3}${streetSuffix}\\b`, "g"),
  },
];

/** The text with personal data replaced by placeholders, and how many of each kind were removed. */
export function stripPii(text: string): { text: string; redactions: PiiRedaction[] } {
  const redactions: PiiRedaction[] = [];
  let result = text;
  for (const detector of DETECTORS) {
    let count = 0;
    result = result.replace(detector.pattern, (match) => {
      if (detector.accept && !detector.accept(match)) return match;
      count++;
      return PII_PLACEHOLDERS[detector.kind];
    });
    if (count > 0) redactions.push({ kind: detector.kind, count });
  }
  return { text: result, redactions };
}
