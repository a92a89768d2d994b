// A small shipped list of passwords that attackers try first (long enough to pass the length
// rule, so the length check alone would let them through). Compared case-insensitively.
// Hand-written rather than a package: the well-known lists are large data files, and the
// policy needs only the ones that survive a 12-character minimum.
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  "123456789012", "1234567890123", "12345678901234", "123456789123", "1234567890qwerty", "0123456789ab",
  "111111111111", "000000000000", "123123123123", "121212121212", "987654321098", "147258369147",
  "password1234", "password12345", "password123456", "password123!", "password!234", "passw0rd1234", "p@ssw0rd1234", "p@ssword1234",
  "passwordpassword", "password1password", "mypassword123", "mypassword1234", "newpassword123", "changeme1234", "changeme123!",
  "qwertyuiop12", "qwertyuiop123", "qwertyuiopasdf", "qwerty123456", "qwerty1234567", "1qaz2wsx3edc", "1q2w3e4r5t6y", "q1w2e3r4t5y6",
  "asdfghjkl123", "asdfghjkl;'", "zxcvbnm12345", "zxcvbnm123456", "abcdefghijkl", "abcdef123456", "abc123456789", "abcd12345678",
  "iloveyou1234", "iloveyou12345", "letmein12345", "letmein123456", "welcome12345", "welcome123456", "welcome1234!",
  "administrator", "administrator1", "admin1234567", "admin123456789", "adminadmin12", "rootroot1234", "superuser123",
  "trustno11234", "football1234", "baseball1234", "basketball12", "sunshine1234", "princess1234", "starwars1234",
  "monkey123456", "dragon123456", "master123456", "shadow123456", "michael12345", "jennifer1234", "whatever1234",
  "computer1234", "internet1234", "security1234", "security12345", "firewall1234", "paloalto1234", "cybersecurity",
  "summer2024!!", "winter2024!!", "spring2025!!", "autumn2025!!", "january2025!", "december2024",
  "p@ssw0rd!234", "passw0rd!234", "test12345678", "testtest1234", "testpassword", "test-password", "demo12345678",
  "secret123456", "secretpassword", "mamori123456", "mamoripassword", "soc123456789", "letmeinplease",
  "aaaaaaaaaaaa", "abcabcabcabc", "qazwsxedcrfv", "1qazxsw23edc", "zaq12wsxcde3",
]);
