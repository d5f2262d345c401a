/// How many rows of a list page to fetch whole, decided from the stored specs' sizes alone, so a
/// page never loads more than its body can hold. A row's JSON is longer than its stored spec (the
/// spec's members, plus its id, name, host, states and times), so once the specs alone pass
/// `maxBytes` the body cannot hold that row: `ContainerJSON.writeList` would stop before it. The
/// cut is never tighter than that stop (it makes the exact one), and a page keeps its first row.
public enum ContainerPageCut {
    /// `specBytes`: the stored spec sizes of the rows after the cursor, in order, `limit + 1` at
    /// most. Answers how many of them to fetch, and whether rows follow those.
    public static func rows(specBytes: [Int], limit: Int, maxBytes: Int = Limits.listMaxBodyBytes) -> (count: Int, more: Bool) {
        var count = 0
        var total = 0
        for bytes in specBytes.prefix(limit) {
            total += bytes
            if count > 0, total > maxBytes { break }
            count += 1
        }
        return (count, specBytes.count > count)
    }
}
