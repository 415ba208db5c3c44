using System.Globalization;
using System.Runtime.InteropServices;

namespace PiTune.Api;

/// <summary>Gives the socket file to a group (by name from /etc/group, or a number), so members may connect.</summary>
internal static partial class SocketGroup
{
    /// <summary>Returns null on success, else why not.</summary>
    public static string? Apply(string path, string group)
    {
        uint? gid = uint.TryParse(group, NumberStyles.None, CultureInfo.InvariantCulture, out uint number) ? number : Lookup(group);
        if (gid is null)
        {
            return "no such group in /etc/group";
        }

        return Chown(path, uint.MaxValue, gid.Value) == 0 ? null : $"chown failed ({Marshal.GetLastPInvokeErrorMessage()})";
    }

    private static uint? Lookup(string name)
    {
        if (!File.Exists("/etc/group"))
        {
            return null;
        }

        foreach (string line in File.ReadLines("/etc/group"))
        {
            string[] fields = line.Split(':');
            if (fields.Length >= 3 && fields[0] == name && uint.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out uint gid))
            {
                return gid;
            }
        }

        return null;
    }

    [LibraryImport("libc", EntryPoint = "chown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Chown(string path, uint owner, uint group);
}
