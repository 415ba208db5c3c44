using System.Diagnostics;
using System.Net.Sockets;
using PiTune.Linux.Scheduling;

namespace PiTune.ServeBench;

/// <summary>
/// The wake-up floor: what one request's trip over a Unix socket costs on this machine with nothing else in it, two
/// fresh threads taking turns, each waking the other. Where the scheduler puts them decides the figure (measured here:
/// ~11 µs on one CPU, ~55-140 µs across two), so besides the unpinned pair (the floor the ceiling is taken from) the
/// caller measures a pair pinned to one CPU and a pair pinned to two, to show which case the unpinned one was.
/// </summary>
internal static class WakeUpFloor
{
    // The size of a shared-memory infer request's JSON (the tensor stays in the region), the least a served request carries.
    private const int MessageBytes = 300;

    /// <summary>
    /// The mean round trip of a <see cref="MessageBytes"/>-byte ping-pong over a connected pair of Unix stream sockets
    /// for <paramref name="forSeconds"/>, the two threads pinned to the CPUs given (null leaves one to the scheduler);
    /// NaN when a CPU asked for cannot be used.
    /// </summary>
    public static double MeasureRoundTripMicroseconds(double forSeconds, int? pingCpu, int? echoCpu)
    {
        string dir = Directory.CreateTempSubdirectory("pitune-servebench-floor-").FullName;
        try
        {
            var endPoint = new UnixDomainSocketEndPoint(Path.Join(dir, "floor.sock"));
            using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            listener.Bind(endPoint);
            listener.Listen(1);
            using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            client.Connect(endPoint);
            using Socket server = listener.Accept();
            bool echoPinned = false;
            var echo = new Thread(() =>
            {
                Volatile.Write(ref echoPinned, Pin(echoCpu));
                byte[] received = new byte[MessageBytes];
                while (ReceiveExactly(server, received))
                {
                    server.Send(received);
                }
            });
            double microseconds = 0;
            var ping = new Thread(() =>
            {
                bool pinned = Pin(pingCpu);
                byte[] message = new byte[MessageBytes];
                for (int w = 0; w < 100; w++)
                {
                    client.Send(message);
                    ReceiveExactly(client, message);
                }

                long trips = 0;
                long t0 = Stopwatch.GetTimestamp();
                while (Stopwatch.GetElapsedTime(t0).TotalSeconds < forSeconds)
                {
                    client.Send(message);
                    ReceiveExactly(client, message);
                    trips++;
                }

                // The echo thread pinned itself before its first answer, so its flag is set by now.
                microseconds = pinned && Volatile.Read(ref echoPinned) ? Stopwatch.GetElapsedTime(t0).TotalMicroseconds / trips : double.NaN;
                client.Shutdown(SocketShutdown.Send);
            });
            echo.Start();
            ping.Start();
            ping.Join();
            echo.Join();
            return microseconds;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    // Pins the calling thread to `cpu` (null leaves it to the scheduler); false when the CPU cannot be used (a CPU set
    // that leaves it out), and the pinned figure is then not a figure.
    private static bool Pin(int? cpu) => cpu is not int one || ThreadScheduling.SetAffinity(ThreadScheduling.CurrentThreadId(), [one]).IsOk;

    // A stream socket may hand a message over in pieces; false when the peer has shut its side (the end of the run).
    private static bool ReceiveExactly(Socket socket, byte[] buffer)
    {
        for (int got = 0; got < buffer.Length;)
        {
            int n = socket.Receive(buffer, got, buffer.Length - got, SocketFlags.None);
            if (n == 0)
            {
                return false;
            }

            got += n;
        }

        return true;
    }
}
