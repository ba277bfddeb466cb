#if NET8_0_OR_GREATER
using System;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Threading;

namespace SametimeAdmin.Ltpa
{
    /// <summary>
    /// RSASSA-PKCS1-v1_5 with SHA-1 through OpenSSL 3's libcrypto called directly, on Linux with the .NET 8 or later
    /// build. .NET's RSA on Linux calls the same library but builds and initialises a new EVP_PKEY_CTX (provider
    /// fetch, padding, digest) for every signature, which costs about as much as the difference to `openssl speed`;
    /// here a context is set up once and reused. Every export is resolved once with NativeLibrary.TryGetExport from
    /// the libcrypto.so.3 that .NET itself has loaded (only when .NET runs on OpenSSL 3); when anything is missing
    /// <see cref="IsAvailable"/> is false and the callers keep their managed/.NET paths. Nothing here throws at type
    /// load, and there is no DllImport that other platforms would trip over.
    /// </summary>
    internal static unsafe class OpenSslRsa
    {
        private const string LibraryName = "libcrypto.so.3";
        private const int EvpPkeyRsa = 6;
        private const int RsaPkcs1Padding = 1;

        // Signatures as in OpenSSL 3's <openssl/evp.h>, <openssl/x509.h>, <openssl/rsa.h>, <openssl/err.h>
        // (C long and size_t are 64-bit on 64-bit Linux, hence nint/nuint).
        private static readonly delegate* unmanaged<int, nint*, byte**, nint, nint> D2iPrivateKey; // EVP_PKEY *d2i_PrivateKey(int, EVP_PKEY **, const unsigned char **, long)
        private static readonly delegate* unmanaged<nint*, byte**, nint, nint> D2iPubKey; // EVP_PKEY *d2i_PUBKEY(EVP_PKEY **, const unsigned char **, long)
        private static readonly delegate* unmanaged<nint, nint, nint> PkeyCtxNew; // EVP_PKEY_CTX *EVP_PKEY_CTX_new(EVP_PKEY *, ENGINE *)
        private static readonly delegate* unmanaged<nint, int> SignInit; // int EVP_PKEY_sign_init(EVP_PKEY_CTX *)
        private static readonly delegate* unmanaged<nint, int> VerifyInit; // int EVP_PKEY_verify_init(EVP_PKEY_CTX *)
        private static readonly delegate* unmanaged<nint, int, int> SetRsaPadding; // int EVP_PKEY_CTX_set_rsa_padding(EVP_PKEY_CTX *, int)
        private static readonly delegate* unmanaged<nint, nint, int> SetSignatureMd; // int EVP_PKEY_CTX_set_signature_md(EVP_PKEY_CTX *, const EVP_MD *)
        private static readonly delegate* unmanaged<nint> Sha1; // const EVP_MD *EVP_sha1(void)
        private static readonly delegate* unmanaged<nint, byte*, nuint*, byte*, nuint, int> Sign; // int EVP_PKEY_sign(ctx, sig, size_t *siglen, tbs, size_t tbslen)
        private static readonly delegate* unmanaged<nint, byte*, nuint, byte*, nuint, int> Verify; // int EVP_PKEY_verify(ctx, sig, size_t siglen, tbs, size_t tbslen)
        private static readonly delegate* unmanaged<void> ClearError; // void ERR_clear_error(void)
        private static readonly delegate* unmanaged<nint, void> PkeyCtxFree; // void EVP_PKEY_CTX_free(EVP_PKEY_CTX *)
        private static readonly delegate* unmanaged<nint, void> PkeyFree; // void EVP_PKEY_free(EVP_PKEY *)

        private static volatile bool disabled;

#pragma warning disable CA1810 // the exports must be resolved together, and any failure must be caught here
        static OpenSslRsa()
        {
            try
            {
                if (!OperatingSystem.IsLinux() || SafeEvpPKeyHandle.OpenSslVersion < 0x30000000L ||
                    !NativeLibrary.TryLoad(LibraryName, typeof(OpenSslRsa).Assembly, null, out nint library))
                {
                    return;
                }

                if (!NativeLibrary.TryGetExport(library, "d2i_PrivateKey", out nint d2iPrivateKey) ||
                    !NativeLibrary.TryGetExport(library, "d2i_PUBKEY", out nint d2iPubKey) ||
                    !NativeLibrary.TryGetExport(library, "EVP_PKEY_CTX_new", out nint ctxNew) ||
                    !NativeLibrary.TryGetExport(library, "EVP_PKEY_sign_init", out nint signInit) ||
                    !NativeLibrary.TryGetExport(library, "EVP_PKEY_verify_init", out nint verifyInit) ||
                    !NativeLibrary.TryGetExport(library, "EVP_PKEY_CTX_set_rsa_padding", out nint setPadding) ||
                    !NativeLibrary.TryGetExport(library, "EVP_PKEY_CTX_set_signature_md", out nint setMd) ||
                    !NativeLibrary.TryGetExport(library, "EVP_sha1", out nint sha1) ||
                    !NativeLibrary.TryGetExport(library, "EVP_PKEY_sign", out nint sign) ||
                    !NativeLibrary.TryGetExport(library, "EVP_PKEY_verify", out nint verify) ||
                    !NativeLibrary.TryGetExport(library, "ERR_clear_error", out nint clearError) ||
                    !NativeLibrary.TryGetExport(library, "EVP_PKEY_CTX_free", out nint ctxFree) ||
                    !NativeLibrary.TryGetExport(library, "EVP_PKEY_free", out nint pkeyFree))
                {
                    return;
                }

                D2iPrivateKey = (delegate* unmanaged<int, nint*, byte**, nint, nint>)d2iPrivateKey;
                D2iPubKey = (delegate* unmanaged<nint*, byte**, nint, nint>)d2iPubKey;
                PkeyCtxNew = (delegate* unmanaged<nint, nint, nint>)ctxNew;
                SignInit = (delegate* unmanaged<nint, int>)signInit;
                VerifyInit = (delegate* unmanaged<nint, int>)verifyInit;
                SetRsaPadding = (delegate* unmanaged<nint, int, int>)setPadding;
                SetSignatureMd = (delegate* unmanaged<nint, nint, int>)setMd;
                Sha1 = (delegate* unmanaged<nint>)sha1;
                Sign = (delegate* unmanaged<nint, byte*, nuint*, byte*, nuint, int>)sign;
                Verify = (delegate* unmanaged<nint, byte*, nuint, byte*, nuint, int>)verify;
                ClearError = (delegate* unmanaged<void>)clearError;
                PkeyCtxFree = (delegate* unmanaged<nint, void>)ctxFree;
                PkeyFree = (delegate* unmanaged<nint, void>)pkeyFree;
                IsAvailable = true;
            }
            catch (Exception ex) when (ex is PlatformNotSupportedException || ex is DllNotFoundException || ex is EntryPointNotFoundException ||
                ex is BadImageFormatException || ex is TypeInitializationException || ex is CryptographicException || ex is InvalidOperationException)
            {
                IsAvailable = false;
            }
        }
#pragma warning restore CA1810

        /// <summary>True when libcrypto.so.3 and every export used here were found (Linux with .NET on OpenSSL 3).</summary>
        public static bool IsAvailable { get; }

        /// <summary>
        /// Turns the native path off for this process (the tests use it to compare it with the managed/.NET paths);
        /// keys switch at their next call, contexts already set up stay unused until then.
        /// </summary>
        internal static bool Disabled
        {
            get => disabled;
            set => disabled = value;
        }

        /// <summary>The native path is available and not switched off.</summary>
        public static bool IsUsable => IsAvailable && !disabled;

        /// <summary>An EVP_PKEY from a PKCS#1 RSAPrivateKey; invalid when OpenSSL refuses it.</summary>
        internal static EvpPkeyHandle ParsePrivateKey(byte[] der)
        {
            fixed (byte* start = der)
            {
                byte* cursor = start;
                nint key = D2iPrivateKey(EvpPkeyRsa, null, &cursor, der.Length);
                return Adopt(key);
            }
        }

        /// <summary>An EVP_PKEY from a SubjectPublicKeyInfo; invalid when OpenSSL refuses it.</summary>
        internal static EvpPkeyHandle ParsePublicKey(byte[] der)
        {
            fixed (byte* start = der)
            {
                byte* cursor = start;
                nint key = D2iPubKey(null, &cursor, der.Length);
                return Adopt(key);
            }
        }

        private static EvpPkeyHandle Adopt(nint key)
        {
            var handle = new EvpPkeyHandle();
            if (key == 0)
            {
                ClearError();
            }
            else
            {
                handle.Adopt(key);
            }

            return handle;
        }

        /// <summary>
        /// A context for PKCS#1 v1.5 signing or verifying with SHA-1, initialised once for many operations; null
        /// when OpenSSL refuses any step. The caller holds a reference on <paramref name="key"/>; the context takes
        /// its own (OpenSSL counts the references of an EVP_PKEY), so the key handle may be released before it.
        /// </summary>
        internal static EvpPkeyCtxHandle? CreateContext(EvpPkeyHandle key, bool sign)
        {
            nint ctx = PkeyCtxNew(key.DangerousGetHandle(), 0);
            if (ctx == 0)
            {
                ClearError();
                return null;
            }

            var handle = new EvpPkeyCtxHandle();
            handle.Adopt(ctx);
            if ((sign ? SignInit(ctx) : VerifyInit(ctx)) != 1 ||
                SetRsaPadding(ctx, RsaPkcs1Padding) != 1 ||
                SetSignatureMd(ctx, Sha1()) != 1)
            {
                ClearError();
                handle.Dispose();
                return null;
            }

            return handle;
        }

        /// <summary>Signs a 20-byte digest into <paramref name="signature"/>; false (error queue cleared) when OpenSSL fails.</summary>
        internal static bool SignDigest(EvpPkeyCtxHandle ctx, byte[] digest, byte[] signature)
        {
            nuint length = (nuint)signature.Length;
            int result;
            fixed (byte* sig = signature)
            fixed (byte* tbs = digest)
            {
                result = Sign(ctx.DangerousGetHandle(), sig, &length, tbs, (nuint)digest.Length);
            }

            if (result != 1)
            {
                // A leftover error in the thread's queue would surface in .NET's next OpenSSL call on this thread.
                ClearError();
                return false;
            }

            return length == (nuint)signature.Length;
        }

        /// <summary>
        /// 1 = good, 0 = bad; OpenSSL's errors (a value not below the modulus, a wrong length) are bad signatures too,
        /// and the error queue is cleared after them.
        /// </summary>
        internal static bool VerifyDigest(EvpPkeyCtxHandle ctx, byte[] digest, ReadOnlySpan<byte> signature)
        {
            int result;
            fixed (byte* sig = signature)
            fixed (byte* tbs = digest)
            {
                result = Verify(ctx.DangerousGetHandle(), sig, (nuint)signature.Length, tbs, (nuint)digest.Length);
            }

            if (result != 1)
            {
                ClearError();
                return false;
            }

            return true;
        }

        /// <summary>An OpenSSL object this process owns, freed by the subclass's OpenSSL function.</summary>
        internal abstract class OpenSslHandle : SafeHandle
        {
            protected OpenSslHandle()
                : base(IntPtr.Zero, ownsHandle: true)
            {
            }

            public override bool IsInvalid => handle == IntPtr.Zero;

            internal void Adopt(nint value) => SetHandle(value);
        }

        /// <summary>Owns one EVP_PKEY reference.</summary>
        internal sealed class EvpPkeyHandle : OpenSslHandle
        {
            protected override bool ReleaseHandle()
            {
                PkeyFree(handle);
                return true;
            }
        }

        /// <summary>Owns one EVP_PKEY_CTX (which holds its own reference on its key).</summary>
        internal sealed class EvpPkeyCtxHandle : OpenSslHandle
        {
            protected override bool ReleaseHandle()
            {
                PkeyCtxFree(handle);
                return true;
            }
        }
    }

    /// <summary>
    /// One RSA key's native copies (the private key for signing, the public key for verifying) and a few reusable
    /// contexts. A context is not thread-safe, so a caller takes one out of a slot with Interlocked.Exchange (or sets
    /// up a fresh one when the slots are empty) and puts it back afterwards. Each call holds a reference on the key's
    /// SafeHandle, so <see cref="Dispose"/> while another thread signs or verifies frees the native key only after that
    /// call; a context handed back after Dispose is freed by the thread handing it back.
    /// </summary>
    internal sealed class OpenSslRsaKey : IDisposable
    {
        private readonly OpenSslRsa.EvpPkeyHandle privateKey;
        private readonly OpenSslRsa.EvpPkeyHandle publicKey;
        private readonly OpenSslRsa.EvpPkeyCtxHandle?[] signSlots;
        private readonly OpenSslRsa.EvpPkeyCtxHandle?[] verifySlots;
        private readonly int modulusBytes;
        private int disposed;

        private OpenSslRsaKey(OpenSslRsa.EvpPkeyHandle privateKey, OpenSslRsa.EvpPkeyHandle publicKey, int modulusBytes)
        {
            this.privateKey = privateKey;
            this.publicKey = publicKey;
            this.modulusBytes = modulusBytes;
            int slots = Math.Min(Math.Max(Environment.ProcessorCount, 1), 8);
            signSlots = new OpenSslRsa.EvpPkeyCtxHandle?[slots];
            verifySlots = new OpenSslRsa.EvpPkeyCtxHandle?[slots];
        }

        /// <summary>
        /// The native copies of <paramref name="rsa"/>'s key, with one signing and one verifying context set up to
        /// prove that OpenSSL accepts them; null when it does not (the caller keeps its other paths). The private
        /// key's DER copy is zeroed as soon as OpenSSL has parsed it.
        /// </summary>
        public static OpenSslRsaKey? TryCreate(RSA rsa, int modulusBytes)
        {
            if (!OpenSslRsa.IsAvailable)
            {
                return null;
            }

            byte[] privateDer;
            byte[] publicDer;
            try
            {
                publicDer = rsa.ExportSubjectPublicKeyInfo();
                privateDer = rsa.ExportRSAPrivateKey();
            }
            catch (CryptographicException)
            {
                // A platform key that cannot be exported: the caller keeps .NET's own path.
                return null;
            }

            OpenSslRsa.EvpPkeyHandle privateKey;
            try
            {
                privateKey = OpenSslRsa.ParsePrivateKey(privateDer);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(privateDer);
            }

            OpenSslRsa.EvpPkeyHandle publicKey = OpenSslRsa.ParsePublicKey(publicDer);
            var key = new OpenSslRsaKey(privateKey, publicKey, modulusBytes);
            if (privateKey.IsInvalid || publicKey.IsInvalid)
            {
                key.Dispose();
                return null;
            }

            OpenSslRsa.EvpPkeyCtxHandle? sign = OpenSslRsa.CreateContext(privateKey, sign: true);
            OpenSslRsa.EvpPkeyCtxHandle? verify = OpenSslRsa.CreateContext(publicKey, sign: false);
            if (sign == null || verify == null)
            {
                sign?.Dispose();
                verify?.Dispose();
                key.Dispose();
                return null;
            }

            key.signSlots[0] = sign;
            key.verifySlots[0] = verify;
            return key;
        }

        /// <summary>The PKCS#1 v1.5 signature of a 20-byte SHA-1 digest, modulus-sized; null when the native call could not be made.</summary>
        public byte[]? SignSha1(byte[] digest)
        {
            bool referenced = false;
            OpenSslRsa.EvpPkeyCtxHandle? ctx = null;
            try
            {
                ctx = Acquire(privateKey, signSlots, sign: true, ref referenced);
                if (ctx == null)
                {
                    return null;
                }

                byte[] signature = new byte[modulusBytes];
                return OpenSslRsa.SignDigest(ctx, digest, signature) ? signature : null;
            }
            finally
            {
                Release(privateKey, signSlots, ctx, referenced);
            }
        }

        /// <summary>
        /// Verifies a signature of at most the modulus size (a shorter one is the same number left-trimmed, as Java
        /// may write it); null when the native call could not be made (disposed, or OpenSSL refused a new context).
        /// </summary>
        public bool? VerifySha1(byte[] digest, byte[] signature)
        {
            if (signature.Length > modulusBytes)
            {
                return false;
            }

            bool referenced = false;
            OpenSslRsa.EvpPkeyCtxHandle? ctx = null;
            try
            {
                ctx = Acquire(publicKey, verifySlots, sign: false, ref referenced);
                if (ctx == null)
                {
                    return null;
                }

                if (signature.Length == modulusBytes)
                {
                    return OpenSslRsa.VerifyDigest(ctx, digest, signature);
                }

                Span<byte> padded = stackalloc byte[modulusBytes];
                signature.AsSpan().CopyTo(padded.Slice(modulusBytes - signature.Length));
                return OpenSslRsa.VerifyDigest(ctx, digest, padded);
            }
            finally
            {
                Release(publicKey, verifySlots, ctx, referenced);
            }
        }

        /// <summary>A reference on the key and a context for this thread alone; null when disposed or OpenSSL refused a new context.</summary>
        private OpenSslRsa.EvpPkeyCtxHandle? Acquire(OpenSslRsa.EvpPkeyHandle key, OpenSslRsa.EvpPkeyCtxHandle?[] slots, bool sign, ref bool referenced)
        {
            // A SafeHandle disposed while other threads hold references stays usable until the last one is released;
            // a call that starts after Dispose falls back at once instead.
            if (Volatile.Read(ref disposed) != 0)
            {
                return null;
            }

            try
            {
                key.DangerousAddRef(ref referenced);
            }
            catch (ObjectDisposedException)
            {
                // Disposed before this call took its reference: the caller falls back to its other path.
                return null;
            }

            return Rent(slots) ?? OpenSslRsa.CreateContext(key, sign);
        }

        private void Release(OpenSslRsa.EvpPkeyHandle key, OpenSslRsa.EvpPkeyCtxHandle?[] slots, OpenSslRsa.EvpPkeyCtxHandle? ctx, bool referenced)
        {
            if (ctx != null)
            {
                Return(slots, ctx);
            }

            if (referenced)
            {
                key.DangerousRelease();
            }
        }

        private static OpenSslRsa.EvpPkeyCtxHandle? Rent(OpenSslRsa.EvpPkeyCtxHandle?[] slots)
        {
            int start = (Environment.CurrentManagedThreadId & int.MaxValue) % slots.Length;
            for (int i = 0; i < slots.Length; i++)
            {
                int index = (start + i) % slots.Length;
                if (Volatile.Read(ref slots[index]) != null)
                {
                    OpenSslRsa.EvpPkeyCtxHandle? taken = Interlocked.Exchange(ref slots[index], null);
                    if (taken != null)
                    {
                        return taken;
                    }
                }
            }

            return null;
        }

        private void Return(OpenSslRsa.EvpPkeyCtxHandle?[] slots, OpenSslRsa.EvpPkeyCtxHandle ctx)
        {
            int start = (Environment.CurrentManagedThreadId & int.MaxValue) % slots.Length;
            for (int i = 0; i < slots.Length; i++)
            {
                int index = (start + i) % slots.Length;
                if (Interlocked.CompareExchange(ref slots[index], ctx, null) == null)
                {
                    // Dispose sets its flag before it empties the slots, and both steps are full fences: either it
                    // sees this context in the slot, or this thread sees the flag and takes the context back out.
                    if (Volatile.Read(ref disposed) != 0)
                    {
                        Interlocked.Exchange(ref slots[index], null)?.Dispose();
                    }

                    return;
                }
            }

            ctx.Dispose();
        }

        /// <summary>Frees the native key copies and the idle contexts; contexts in use are freed when handed back.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) != 0)
            {
                return;
            }

            foreach (OpenSslRsa.EvpPkeyCtxHandle?[] slots in new[] { signSlots, verifySlots })
            {
                for (int i = 0; i < slots.Length; i++)
                {
                    Interlocked.Exchange(ref slots[i], null)?.Dispose();
                }
            }

            privateKey.Dispose();
            publicKey.Dispose();
        }
    }
}
#endif
