/* Test shim for Wine 8.0 (Debian 12) only, never shipped: Rust's std (1.78+) gets random bytes from
 * ProcessPrng in bcryptprimitives.dll, which Windows 10+ has and Wine 8.0 lacks, so the exe would not start
 * under it. This DLL, placed beside mdediag.exe by .ci/run, answers from RtlGenRandom instead. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length); /* RtlGenRandom, advapi32 */

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len > 0) {
        ULONG chunk = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
