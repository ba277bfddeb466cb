using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Net;
using System.Security;

namespace SametimeAdmin.Commands
{
    /// <summary>
    /// Lets a token-text parameter (string[]) take SecureStrings too: tokens are secrets, so a token kept as a
    /// SecureString is read as it is, without the caller converting it to plain text first.
    /// </summary>
    public sealed class TokenTextArgumentAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = Unwrap(inputData);
            if (value is SecureString single)
            {
                return new[] { Reveal(single) };
            }

            if (!(value is IEnumerable many) || value is string)
            {
                return value;
            }

            var items = new List<object?>();
            bool converted = false;
            foreach (object? item in many)
            {
                object? element = Unwrap(item);
                if (element is SecureString secret)
                {
                    items.Add(Reveal(secret));
                    converted = true;
                }
                else
                {
                    items.Add(item);
                }
            }

            return converted ? items.ToArray() : value;
        }

        private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;

        private static string Reveal(SecureString secret) => new NetworkCredential(string.Empty, secret).Password;
    }
}
