# hotplug's recipes: `just --list`. (just is optional: every recipe is a package.json script.)

# Run the example host on plugins.example, reloading on save
dev:
    bun run dev

# Run the tests (with coverage; fails under 90% of lines)
test:
    bun test

# Typecheck, lint and test: what CI runs
check:
    bun run typecheck
    bun run lint
    bun test

# Benchmarks against baselines measured in the same run (add --quick for a short run)
bench *ARGS:
    bun run bench {{ARGS}}

# One self-contained binary: dist/hotplug
compile:
    bun run compile
