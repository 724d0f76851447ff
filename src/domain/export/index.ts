export { buildDocsSet, type DocsSet, partitionByTarget, renderLanding } from "./docs-set";
export { codeBlock, fenceFor, plainText, safeMarkdown } from "./markdown-text";
export { assignFileNames, kebabCase } from "./names";
export { renderEntryPage } from "./page";
export {
  commitMessage,
  describeChanges,
  type FileChanges,
  pullRequestBody,
  pullRequestTitle,
} from "./pr-text";
export { insertSummaryBlock } from "./summary";
export { chooseTarget, DOCS_TARGETS, defaultBaseBranch, targetForUpstream } from "./targets";
export * from "./types";
