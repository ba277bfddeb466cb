using SametimeAdmin.Common;
using Xunit;

namespace SametimeAdmin.Tests.Common;

public class SametimeAdminExceptionTests
{
    [Fact]
    public void CarriesErrorIdKindAndAdvice()
    {
        var ex = new SametimeAdminException("KeyFileWrongPassword", FailureKind.SecurityError, "wrong") { RecommendedAction = "retry" };
        Assert.Equal("KeyFileWrongPassword", ex.ErrorId);
        Assert.Equal(FailureKind.SecurityError, ex.Kind);
        Assert.Equal("retry", ex.RecommendedAction);
    }
}
