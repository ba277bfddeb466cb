using System;
using System.Runtime.InteropServices;
using System.Security;
using System.Text;

namespace SametimeAdmin.Commands
{
    /// <summary>Moves secrets out of SecureString with every intermediate buffer cleared, and seals text into one.</summary>
    internal static class SecureStringBytes
    {
        /// <summary>A read-only SecureString holding <paramref name="text"/>.</summary>
        public static SecureString Seal(string text)
        {
            var secure = new SecureString();
            foreach (char c in text)
            {
                secure.AppendChar(c);
            }

            secure.MakeReadOnly();
            return secure;
        }

        public static byte[] ToUtf8(SecureString secret)
        {
            IntPtr unmanaged = IntPtr.Zero;
            char[] chars = new char[secret.Length];
            try
            {
                unmanaged = Marshal.SecureStringToGlobalAllocUnicode(secret);
                Marshal.Copy(unmanaged, chars, 0, chars.Length);
                return Encoding.UTF8.GetBytes(chars);
            }
            finally
            {
                Array.Clear(chars, 0, chars.Length);
                if (unmanaged != IntPtr.Zero)
                {
                    Marshal.ZeroFreeGlobalAllocUnicode(unmanaged);
                }
            }
        }
    }
}
