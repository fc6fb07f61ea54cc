using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(CaseBot.Benchmarks.HotPathBenchmarks).Assembly).Run(args);
