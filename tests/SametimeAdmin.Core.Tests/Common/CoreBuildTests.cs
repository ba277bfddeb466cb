using System.Reflection;
using System.Runtime.Versioning;
using SametimeAdmin.Common;
using Xunit;

namespace SametimeAdmin.Tests.Common;

/// <summary>
/// Which build of the core a test run exercises: this suite runs against the net8.0 build (PowerShell 7.4 and later),
/// SametimeAdmin.Core.NetStandardTests runs the vector tests against the netstandard2.0 build (Windows PowerShell 5.1).
/// </summary>
public class CoreBuildTests
{
#if CORE_NETSTANDARD2_0
    private const string Expected = ".NETStandard,Version=v2.0";
#else
    private const string Expected = ".NETCoreApp,Version=v8.0";
#endif

    [Fact]
    public void The_tests_run_against_the_intended_build_of_the_core()
    {
        var framework = typeof(SametimeAdminException).Assembly.GetCustomAttribute<TargetFrameworkAttribute>();
        Assert.NotNull(framework);
        Assert.Equal(Expected, framework.FrameworkName);
    }
}
