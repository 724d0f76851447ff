// Docs trees the emulator serves for the upstream repositories, in the shape of Seldon's GitBook
// docs (a `docs-gb/` folder, SUMMARY.md with `## Group` headings and nested `*` bullets). The
// text is this project's own stand-in, not upstream's.

export type BranchFiles = Record<string, string>;
export interface RepoGitSeed {
  /** Branch name → files (path → text) of its single seeded commit. */
  branches: Record<string, BranchFiles>;
}
export type GitSeed = Record<string, RepoGitSeed>;

const page = (description: string, title: string, body: string) =>
  `---\ndescription: ${description}\n---\n\n# ${title}\n\n${body}\n`;

const CORE_V2_SUMMARY = `---
description: Table of contents of the stand-in Core 2 docs.
---

# Table of contents

## About

* [Overview](README.md)
* [Concepts](concepts/README.md)

## Installation

* [Installation](installation/README.md)
  * [Helm](installation/helm.md)

## User Guide

* [Models](models/README.md)
* [Pipelines](pipelines.md)

## Resources

* [APIs](apis/README.md)
* [FAQs](faqs.md)
* [Development](development/README.md)
`;

const CORE_V1_SUMMARY = `# Table of contents

## Getting Started

* [Quick Start Guide](README.md)

## Configuration

* [Deployments](configuration/deployments/README.md)
  * [Troubleshooting Deployments](deployments/troubleshooting.md)

## Reference

* [Helm Charts](reference/helm_charts.md)
* [Images](reference/images.md)

## Contributing

* [Overview](developer/readme.md)
`;

const MLSERVER_SUMMARY = `# Table of contents

* [MLServer](README.md)
* [Getting Started](getting-started.md)
* [User Guide](user-guide/README.md)
  * [Parallel Inference](user-guide/parallel-inference.md)

* [Inference Runtimes](runtimes/README.md)
  * [SKLearn](runtimes/sklearn.md)
* [Changelog](changelog.md)
`;

export const SELDON_DOCS_SEED: GitSeed = {
  "SeldonIO/seldon-core": {
    branches: {
      v2: {
        "README.md": "# seldon-core (emulated)\n",
        "docs-gb/SUMMARY.md": CORE_V2_SUMMARY,
        "docs-gb/README.md": page("Stand-in overview page.", "Overview", "Served by the GitHub emulator."),
        "docs-gb/faqs.md": page(
          "Stand-in questions page.",
          "FAQs",
          "## Which version should I use?\n\nCore 2.",
        ),
      },
      master: {
        "README.md": "# seldon-core (emulated, Core 1)\n",
        "docs-gb/SUMMARY.md": CORE_V1_SUMMARY,
        "docs-gb/README.md": "# Quick Start Guide\n\nServed by the GitHub emulator.\n",
      },
    },
  },
  "SeldonIO/MLServer": {
    branches: {
      master: {
        "README.md": "# MLServer (emulated)\n",
        "docs-gb/SUMMARY.md": MLSERVER_SUMMARY,
        "docs-gb/README.md": "# MLServer\n\nServed by the GitHub emulator.\n",
        "docs-gb/changelog.md": "# Changelog\n",
      },
    },
  },
};
