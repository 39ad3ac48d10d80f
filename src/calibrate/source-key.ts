// The publication a case comes from, for leave-one-source-out cross-validation: cases of one
// paper, table set or vendor page share errors (the same conventions, the same software), so
// they are held out together. The key is the source title up to its first qualifier (a comma,
// a parenthesis, a colon or the words "table"/"section"), lower-cased: "Narayanan et al. 2021,
// Efficient ..." and "Narayanan et al. 2021 Table 2 (PTD ...)" are one source.
export function sourceKey(title: string): string {
  const t = title
    .toLowerCase()
    .replace(/^['"\s]+/, "")
    .trim();
  const cut = t.search(/,|\(|:| table\b| tables\b| sec\b| section\b/);
  return (cut > 0 ? t.slice(0, cut) : t).replace(/\s+/g, " ").trim();
}
