using PiTune.Fuzz;
using SharpFuzz;

// One coverage-guided target per run: bench/fuzz/run.sh TARGET SECONDS instruments the PiTune assemblies with
// sharpfuzz and runs `dotnet PiTune.Fuzz.dll TARGET` under afl-fuzz. Outside afl-fuzz it runs the input on
// stdin once, which is how a crash file is replayed: `dotnet PiTune.Fuzz.dll infer < crash`.
if (args.Length != 1 || FuzzTargets.Find(args[0]) is not { } target)
{
    Console.Error.WriteLine($"usage: PiTune.Fuzz {string.Join("|", FuzzTargets.Names)}  (input on stdin)");
    return 2;
}

Fuzzer.Run(stream =>
{
    using var copy = new MemoryStream();
    stream.CopyTo(copy);
    target(copy.GetBuffer().AsSpan(0, (int)copy.Length));
});
return 0;
