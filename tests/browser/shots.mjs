// Screenshots for people: every one goes to target/screenshots/ (look at them after a
// run); the ones the documentation shows are also written to docs/img/ when
// PLANPORTAL_DOC_IMAGES=1, so a plain test run never changes a tracked file:
//
//   PLANPORTAL_DOC_IMAGES=1 node --test serve-overlay.test.mjs docs-images.test.mjs
import { mkdirSync, readFileSync, copyFileSync } from "node:fs";
import { join } from "node:path";
import { repo } from "./harness.mjs";

export const shotDir = join(repo, "target", "screenshots");
export const docImgDir = join(repo, "docs", "img");

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
export const isPng = (file) => readFileSync(file).subarray(0, 8).equals(PNG);

/**
 * Screenshots `page` as `<name>.png` in target/screenshots/ and returns the file; with
 * `doc: true` also copies it into docs/img/ when PLANPORTAL_DOC_IMAGES=1.
 */
export async function shoot(page, name, { doc = false, fullPage = false } = {}) {
  mkdirSync(shotDir, { recursive: true });
  const file = join(shotDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  if (!isPng(file)) throw new Error(`${file} is not a PNG`);
  if (doc && process.env.PLANPORTAL_DOC_IMAGES === "1") {
    mkdirSync(docImgDir, { recursive: true });
    copyFileSync(file, join(docImgDir, `${name}.png`));
  }
  return file;
}
