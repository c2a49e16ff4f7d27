// What a demanding Japanese reader trips over in the project's own prose, as one check shared by the page walk (e2e)
// and the email tests: half-width spaces between sentences, half-width brackets and colons around Japanese, and a
// space between a number and its unit.

const japanese = "\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}ー";

/**
 * The provider's own labels and hints, kept with the characters it prints (its half-width brackets and the space
 * before them); the check looks past them.
 */
const MANUAL_PHRASES = [
  "新IP加入電話パスワード(確認用)",
  "。 (例:05012345678)",
  "。 (8文字)",
  "(IP-Phone Service Info)",
] as const;

const rules: { name: string; pattern: RegExp }[] = [
  {
    name: "half-width space after a Japanese sentence or clause",
    pattern: new RegExp(`[。、！？][ \\t]+(?=[${japanese}「（])`, "u"),
  },
  {
    name: "half-width space between Japanese words",
    pattern: new RegExp(`[${japanese}][ \\t]+(?=[「（])|[」）][ \\t]+(?=[${japanese}])`, "u"),
  },
  { name: "half-width brackets around Japanese", pattern: new RegExp(`\\([^()\\n]*[${japanese}][^()\\n]*\\)`, "u") },
  { name: "half-width colon after Japanese", pattern: new RegExp(`[${japanese}）]:`, "u") },
  { name: "a space between a number and its unit", pattern: /\d[ \t]+(?:秒|分|時間|日|件|回|桁|文字|か月)/u },
];

/** Each problem found in `text`, with the text around it, so a failing test says where to look. */
export function typographyProblems(text: string): string[] {
  let rest = text;
  for (const phrase of MANUAL_PHRASES) rest = rest.replaceAll(phrase, "〓");
  const problems: string[] = [];
  for (const line of rest.split("\n")) {
    for (const { name, pattern } of rules) {
      const match = pattern.exec(line);
      if (match) problems.push(`${name}: 「${line.slice(Math.max(0, match.index - 12), match.index + 14)}」`);
    }
  }
  return problems;
}
