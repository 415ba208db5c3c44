using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace PiTune.Api.SharedMemory;

/// <summary>
/// The uid of the process at the other end of a request's connection: SO_PEERCRED on the Unix socket, which the
/// kernel fills in at connect and a client cannot forge. The TCP listener has no such thing, so there is no uid there.
/// </summary>
internal static class PeerCredentials
{
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;

    // struct ucred { pid_t pid; uid_t uid; gid_t gid; }: three 32-bit fields on every Linux architecture.
    private const int UcredSize = 12;
    private const int UidOffset = 4;

    /// <summary>The peer's uid, or null when the request did not come over the Unix socket.</summary>
    public static uint? UidOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Features.Get<IConnectionSocketFeature>()?.Socket is not { AddressFamily: AddressFamily.Unix } socket)
        {
            return null;
        }

        Span<byte> ucred = stackalloc byte[UcredSize];
        try
        {
            int length = socket.GetRawSocketOption(SolSocket, SoPeerCred, ucred);
            return length == UcredSize ? MemoryMarshal.Read<uint>(ucred[UidOffset..]) : null;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // The connection closed under the request: nobody to answer.
            return null;
        }
    }
}
