/**
 * Every generated Dockerfile keeps the hadolint rules that apply to a Go service (checked by dockerfile-rules.ts
 * over the dockerfile-ast parse) and passes dockerfile-utils' validator. Each check is first shown to report its
 * bad snippets and only them, so that a check that cannot fail is caught.
 */
import assert from 'node:assert/strict';
import { validate } from 'dockerfile-utils';
import { RULES, lintDockerfile, type Finding } from './support/dockerfile-rules.js';
import { ONE_PROJECT_PER_DOCKERFILE, PROJECT_CASES, project } from './support/projects.js';
import { PRAGMA_SNIPPETS, RULE_SNIPPETS } from './support/rule-snippets.js';

const show = (findings: readonly Finding[]): string =>
  findings.map((finding) => `line ${finding.line}: ${finding.rule} ${finding.message}`).join('\n');

describe('the Dockerfile rules', () => {
  for (const rule of RULES) {
    describe(`${rule.code} (${rule.message})`, () => {
      const snippets = RULE_SNIPPETS[rule.code];

      snippets.bad.forEach((dockerfile, index) => {
        it(`reports bad snippet ${index + 1}`, () => {
          const findings = lintDockerfile(dockerfile, [rule]);
          assert.ok(findings.length > 0, `nothing reported for:\n${dockerfile}`);
          assert.ok(findings.every((finding) => finding.rule === rule.code));
        });
      });

      snippets.good.forEach((dockerfile, index) => {
        it(`accepts good snippet ${index + 1}`, () => {
          assert.deepEqual(lintDockerfile(dockerfile, [rule]), [], dockerfile);
        });
      });
    });
  }

  it('reports the line of the offending instruction, as hadolint does', () => {
    const findings = lintDockerfile('FROM golang:1.26 AS build\nWORKDIR /src\n\nFROM debian:latest\nUSER root\n');
    assert.deepEqual(
      findings.map(({ rule, line }) => [rule, line]),
      [
        ['DL3007', 4],
        ['DL3002', 5],
      ],
    );
  });

  describe("hadolint's inline pragmas", () => {
    for (const snippet of PRAGMA_SNIPPETS) {
      it(`${snippet.ignored ? 'honours' : 'does not take'} ${snippet.what}`, () => {
        const reported = lintDockerfile(snippet.dockerfile).some((finding) => finding.rule === 'DL3008');
        assert.equal(reported, !snippet.ignored);
      });
    }
  });
});

describe('the generated Dockerfiles', () => {
  for (const projectCase of ONE_PROJECT_PER_DOCKERFILE) {
    const key = projectCase.dockerfileId;

    it(`${key}: breaks none of the rules`, async () => {
      const dockerfile = (await project(projectCase)).read('Dockerfile');
      const findings = lintDockerfile(dockerfile);
      assert.deepEqual(findings, [], show(findings));
    });

    it(`${key}: passes the dockerfile-utils validator`, async () => {
      const dockerfile = (await project(projectCase)).read('Dockerfile');
      assert.deepEqual(validate(dockerfile), []);
    });
  }

  it('cgo: apt-get install is exempt from DL3008 by a pragma that gives its reason on the line above', async () => {
    const cgo = PROJECT_CASES.find((projectCase) => projectCase.id === 'cgo-trixie-single')!;
    const dockerfile = (await project(cgo)).read('Dockerfile');
    const withoutPragmas = dockerfile.replace(/^# hadolint ignore=.*\n/gm, '');
    assert.ok(
      lintDockerfile(withoutPragmas).some((finding) => finding.rule === 'DL3008'),
      'without its pragma the cgo Dockerfile should break DL3008 (else the pragma is not needed)',
    );
    const lines = dockerfile.split('\n');
    lines.forEach((line, index) => {
      if (line === '# hadolint ignore=DL3008') assert.match(lines[index - 1] ?? '', /^# .*(pin|version)/i);
    });
  });
});
