using System.Text.RegularExpressions;
using PiTune.Cli;
using PiTune.Tests.Support;

namespace PiTune.Tests.Cli;

/// <summary>What a user reads after installing the package: the man page, the package's README, the repository's README.</summary>
public sealed partial class UserDocsTests
{
    private static string Read(params string[] path) => File.ReadAllText(Path.Join([RepoPaths.Root, .. path]));

    [Fact]
    public void The_man_page_covers_every_verb()
    {
        string man = Read("deploy", "debian", "pitune.1");
        foreach (string verb in CommandLine.Verbs.Where(v => v is not ("help" or "version")))
        {
            Assert.Contains(".B " + verb.Replace("-", "\\-", StringComparison.Ordinal), man, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_package_installs_the_users_README_not_the_developers()
    {
        string script = Read("deploy", "build-deb.sh");
        Assert.Contains("install -m 0644 deploy/README.user.md \"$pkg/usr/share/doc/pitune/README.md\"", script, StringComparison.Ordinal);
        string user = Read("deploy", "README.user.md");
        Assert.DoesNotContain("dotnet", user, StringComparison.Ordinal);
        Assert.DoesNotContain("clone", user, StringComparison.Ordinal);
    }

    [Fact]
    public void The_package_fields_hold_no_placeholders()
    {
        Assert.DoesNotContain("localhost", Read("deploy", "debian", "control"), StringComparison.Ordinal);
        Assert.DoesNotContain("localhost", Read("deploy", "debian", "copyright"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_README_installs_the_package_from_where_the_build_writes_it_and_links_nothing_outside_the_repository()
    {
        string readme = Read("README.md");
        Assert.Contains("apt install ./deploy/out/pitune_", readme, StringComparison.Ordinal);
        Assert.DoesNotMatch(OutsideLink(), readme);
    }

    [GeneratedRegex(@"\]\(\.\./")]
    private static partial Regex OutsideLink();
}
