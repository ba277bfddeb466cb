using System.Management.Automation;

namespace SametimeAdmin.Commands
{
    /// <summary>
    /// Lets a SecureString parameter take a token as New-LtpaToken emits it (a string) as well as a SecureString, so
    /// that tokens flow between cmdlets; the string is sealed into a read-only SecureString at once.
    /// </summary>
    public sealed class SecureStringArgumentAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            return value is string text ? SecureStringBytes.Seal(text) : value;
        }
    }
}
