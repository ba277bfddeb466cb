// netstandard2.0 lacks these compiler support types; declaring them enables init accessors and records.
namespace System.Runtime.CompilerServices
{
    internal static class IsExternalInit
    {
    }
}
