using Microsoft.Extensions.Configuration;
using Microsoft.ML.OnnxRuntime;
using PiTune.Configuration;
using PiTune.Inference.Models;

namespace PiTune.Cli;

/// <summary>
/// <c>pitune optimize MODEL --out PATH</c>: the guide's <c>optimize_model</c> done by ONNX Runtime itself:
/// the session applies its graph optimizations (Inference:GraphOptimization) and writes the result, so
/// the daemon can later load it with optimizations already done.
/// </summary>
internal static class OptimizeCommand
{
    public static int Run(CommandLine commandLine, TextWriter stdout, TextWriter stderr)
    {
        if (commandLine.Positional.Count != 1 || commandLine.Out is null)
        {
            stderr.WriteLine("pitune optimize: usage: pitune optimize MODEL --out PATH");
            return ExitCodes.Usage;
        }

        string model = Path.GetFullPath(commandLine.Positional[0]);
        string output = Path.GetFullPath(commandLine.Out);
        if (!File.Exists(model))
        {
            stderr.WriteLine($"pitune optimize: {model} does not exist");
            return ExitCodes.Usage;
        }

        if (model == output)
        {
            stderr.WriteLine("pitune optimize: --out must differ from MODEL");
            return ExitCodes.Usage;
        }

        GraphOptimization level = Level(commandLine);
        try
        {
            using SessionOptions options = ModelLoader.CreateSessionOptions(new ModelOptions(), level);
            options.OptimizedModelFilePath = output;
            using var session = new InferenceSession(model, options);
        }
        catch (OnnxRuntimeException ex)
        {
            stderr.WriteLine($"pitune optimize: ONNX Runtime cannot optimize {model}: {ex.Message.ReplaceLineEndings(" ")}");
            return ExitCodes.Failure;
        }

        stdout.WriteLine($"pitune optimize: {model} ({new FileInfo(model).Length} bytes) → {output} ({new FileInfo(output).Length} bytes), optimization level {level}");
        return ExitCodes.Ok;
    }

    private static GraphOptimization Level(CommandLine commandLine)
    {
        ConfigSource source = ConfigSource.Resolve(commandLine.ConfigPath);
        using ConfigurationManager? configuration = ConfigurationFactory.TryBuild(
            source, new Dictionary<string, string?>(), commandLine.ConfigArgs, reloadOnChange: false, out _);
        return configuration?.GetSection(InferenceOptions.SectionName).GetValue<GraphOptimization?>(nameof(InferenceOptions.GraphOptimization)) ?? GraphOptimization.All;
    }
}
