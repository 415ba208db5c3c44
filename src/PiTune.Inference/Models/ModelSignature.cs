using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace PiTune.Inference.Models;

/// <summary>What a loaded model takes and gives, checked against its configuration at load.</summary>
internal sealed record ModelSignature(TensorSpec Input, TensorSpec[] Outputs, int? FixedBatch, int MaxBatchSize)
{
    /// <summary>Rows each run carries: the fixed batch (padded) or the rows queued.</summary>
    public int RunRows(int rows) => FixedBatch ?? rows;

    /// <summary>Reads the signature of <paramref name="session"/>; null with the reason when the model cannot be served as configured.</summary>
    public static ModelSignature? TryRead(InferenceSession session, ModelOptions options, out string? error)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(options);
        error = null;
        IReadOnlyDictionary<string, NodeMetadata> inputs = session.InputMetadata;
        if (inputs.Count != 1)
        {
            error = $"the model has {inputs.Count} inputs ({string.Join(", ", inputs.Keys)}); PiTune batches models with one input";
            return null;
        }

        (string inputName, NodeMetadata input) = inputs.First();
        if (options.InputName is { } configured && configured != inputName)
        {
            error = $"InputName \"{configured}\" is not an input of the model (it has \"{inputName}\")";
            return null;
        }

        if (!input.IsTensor || input.ElementDataType != TensorElementType.Float || input.Dimensions.Length < 1)
        {
            error = $"input \"{inputName}\" is {Describe(input)}; PiTune serves float32 tensors with a batch dimension";
            return null;
        }

        int[] dims = input.Dimensions;
        int? fixedBatch = dims[0] > 0 ? dims[0] : null;
        if (fixedBatch is { } k && k != options.MaxBatchSize)
        {
            error = $"input \"{inputName}\" has a fixed batch dimension of {k}; set MaxBatchSize to {k} or use a model with a dynamic batch";
            return null;
        }

        int[] item = dims[1..];
        if (options.InputShape.Count > 0)
        {
            if (options.InputShape.Count != item.Length
                || item.Where((d, i) => d > 0 && d != options.InputShape[i]).Any())
            {
                error = $"InputShape [{string.Join(",", options.InputShape)}] does not fit input \"{inputName}\" [{DimsText(input)}] (every dimension after the batch, fixed ones equal)";
                return null;
            }

            item = [.. options.InputShape];
        }
        else if (item.Any(d => d <= 0))
        {
            error = $"input \"{inputName}\" [{DimsText(input)}] has symbolic dimensions besides the batch; set InputShape to the item shape to serve";
            return null;
        }

        var outputs = new List<TensorSpec>();
        IEnumerable<string> wanted = options.OutputNames.Count > 0 ? options.OutputNames : session.OutputMetadata.Keys;
        foreach (string name in wanted)
        {
            if (!session.OutputMetadata.TryGetValue(name, out NodeMetadata? output))
            {
                error = $"OutputNames \"{name}\" is not an output of the model (it has {string.Join(", ", session.OutputMetadata.Keys)})";
                return null;
            }

            int[] od = output.Dimensions;
            if (!output.IsTensor || output.ElementDataType != TensorElementType.Float || od.Length < 1 || od[1..].Any(d => d <= 0)
                || (od[0] > 0 && od[0] != (fixedBatch ?? -1)))
            {
                error = $"output \"{name}\" is {Describe(output)}; PiTune serves float32 outputs shaped [batch, fixed dimensions...]";
                return null;
            }

            outputs.Add(new TensorSpec(name, od[1..]));
        }

        return new ModelSignature(new TensorSpec(inputName, item), [.. outputs], fixedBatch, options.MaxBatchSize);
    }

    private static string Describe(NodeMetadata node) =>
        node.IsTensor ? $"{node.ElementDataType} [{DimsText(node)}]" : node.OnnxValueType.ToString();

    private static string DimsText(NodeMetadata node) =>
        string.Join(",", node.Dimensions.Select((d, i) => d > 0 ? d.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : string.IsNullOrEmpty(node.SymbolicDimensions[i]) ? "?" : node.SymbolicDimensions[i]));
}
