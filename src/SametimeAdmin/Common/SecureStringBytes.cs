using System;
using System.Runtime.InteropServices;
using System.Security;
using System.Text;

namespace SametimeAdmin.Commands
{
    /// <summary>Moves secrets out of SecureString with every intermediate buffer cleared.</summary>
    internal static class SecureStringBytes
    {
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
