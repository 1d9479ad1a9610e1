import Linalg

// OpenBLAS reads OPENBLAS_CORETYPE only when it loads, so a fallback to a generic kernel
// is fixed by re-executing this process before anything else happens.
BLASRuntime.ensureFastKernel(arguments: CommandLine.arguments)
SpectralReport.main()
