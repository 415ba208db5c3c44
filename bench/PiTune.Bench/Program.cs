using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/PiTune.Bench -- --filter '*'   (BenchmarkDotNet's own switches)
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
