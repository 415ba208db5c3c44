namespace PiTune.Tests.Support;

/// <summary>
/// Every entry under a folder tree with its exact content (a file's bytes, a link's target, "dir" for a
/// directory), sorted by path, for "the tree is byte-for-byte as it was" and a readable diff when it is not.
/// </summary>
internal static class TreeSnapshot
{
    public static SortedDictionary<string, string> Of(string root)
    {
        var entries = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Walk(root, root, entries);
        return entries;
    }

    private static void Walk(string root, string directory, SortedDictionary<string, string> entries)
    {
        foreach (string path in Directory.EnumerateFileSystemEntries(directory))
        {
            string relative = Path.GetRelativePath(root, path);
            var info = new FileInfo(path);
            if (info.LinkTarget is { } target)
            {
                entries[relative] = "-> " + target; // not followed: a link may point out of the tree, or into it again
            }
            else if (Directory.Exists(path))
            {
                entries[relative] = "dir";
                Walk(root, path, entries);
            }
            else
            {
                entries[relative] = Convert.ToBase64String(File.ReadAllBytes(path));
            }
        }
    }
}
