using System;

namespace SametimeAdmin.Common
{
    /// <summary>Marks a <see cref="ModuleCommands"/> entry that PowerShell has on Windows only; it is checked where it exists.</summary>
    [AttributeUsage(AttributeTargets.Field)]
    public sealed class WindowsOnlyCommandAttribute : Attribute
    {
    }
}
