/**
 * What each generated Dockerfile promises in its text, instruction by instruction: where the cgo toolchain is
 * installed and how, which HEALTHCHECK flags it uses, what scratch gets, the linker flags and labels. The e2e
 * suite proves the same promises on the built images; these say which line keeps each one.
 */
import assert from 'node:assert/strict';
import { DockerfileParser, type Instruction, type ModifiableInstruction } from 'dockerfile-ast';
import { generate, type Generated } from '../helpers/generate.js';
import { VARIANT_CASES } from '../helpers/variant-cases.js';

const instructionsOf = (dockerfile: string): Instruction[] => DockerfileParser.parse(dockerfile).getInstructions();
/** An instruction's arguments, flags included, on one line. */
const text = (instruction: Instruction): string =>
  [
    ...((instruction as ModifiableInstruction).getFlags?.() ?? []).map(
      (flag) => `--${flag.getName()}=${flag.getValue()}`,
    ),
    instruction.getRawArgumentsContent()?.replace(/\\\n/g, ' ') ?? '',
  ].join(' ');
const runs = (instructions: readonly Instruction[]): Instruction[] =>
  instructions.filter((instruction) => instruction.getKeyword() === 'RUN');

/** The instructions of the stage a FROM line opens, up to the next FROM. */
function stage(instructions: readonly Instruction[], alias: string): Instruction[] {
  const start = instructions.findIndex(
    (instruction) => instruction.getKeyword() === 'FROM' && new RegExp(` AS ${alias}$`).test(text(instruction)),
  );
  assert.ok(start >= 0, `no stage ${alias}`);
  const end = instructions.findIndex((instruction, index) => index > start && instruction.getKeyword() === 'FROM');
  return instructions.slice(start, end < 0 ? undefined : end);
}

const generated = new Map<string, Promise<Generated>>();
const dockerfileOf = async (id: string): Promise<string> => {
  const testCase = VARIANT_CASES.find((candidate) => candidate.id === id)!;
  if (!generated.has(id)) generated.set(id, generate(testCase.flags));
  return (await generated.get(id)!).read('Dockerfile');
};

describe('the cgo Dockerfile', () => {
  for (const id of ['cgo-trixie', 'cgo-bookworm']) {
    const release = id.replace('cgo-', '');

    it(`${id}: installs the C toolchain before the module files are copied in, so a dependency bump keeps it cached`, async () => {
      const instructions = instructionsOf(await dockerfileOf(id));
      const copyGoMod = instructions.findIndex(
        (instruction) => instruction.getKeyword() === 'COPY' && text(instruction).startsWith('go.mod'),
      );
      const aptRuns = runs(instructions).filter((run) => text(run).includes('apt-get install'));
      assert.equal(aptRuns.length, 2, 'one apt-get install per target architecture');
      for (const run of aptRuns) assert.ok(instructions.indexOf(run) < copyGoMod, text(run));
      // Nothing between the golang image and the toolchains depends on the module.
      for (const instruction of instructions.slice(0, instructions.indexOf(aptRuns[0]!))) {
        assert.ok(!/go\.(mod|sum)/.test(text(instruction)), text(instruction));
      }
    });

    it(`${id}: keeps apt's lists and downloads in cache mounts of this release, and installs no recommends`, async () => {
      const dockerfile = await dockerfileOf(id);
      for (const run of runs(instructionsOf(dockerfile)).filter((r) => text(r).includes('apt-get install'))) {
        assert.match(text(run), new RegExp(`--mount=type=cache,id=apt-cache-${release},target=/var/cache/apt,`));
        assert.match(text(run), new RegExp(`--mount=type=cache,id=apt-lists-${release},target=/var/lib/apt/lists,`));
        assert.match(text(run), /apt-get install -y --no-install-recommends /);
      }
      // The Debian image's docker-clean hook would empty the cache mount after every install.
      assert.match(dockerfile, /^RUN rm -f \/etc\/apt\/apt\.conf\.d\/docker-clean$/m);
    });

    it(`${id}: sets CC, CXX and a pkg-config of the target architecture in each toolchain stage`, async () => {
      const instructions = instructionsOf(await dockerfileOf(id));
      for (const [arch, triplet] of [
        ['amd64', 'x86_64-linux-gnu'],
        ['arm64', 'aarch64-linux-gnu'],
      ] as const) {
        const env = stage(instructions, `cc-${arch}`).find((instruction) => instruction.getKeyword() === 'ENV');
        assert.ok(env, `cc-${arch} has no ENV`);
        const line = text(env);
        assert.match(line, new RegExp(`\\bCC=${triplet}-gcc\\b`));
        assert.match(line, new RegExp(`\\bCXX=${triplet}-g\\+\\+`));
        assert.match(line, /\bPKG_CONFIG_PATH="" /);
        assert.match(line, new RegExp(`\\bPKG_CONFIG_LIBDIR=/usr/lib/${triplet}/pkgconfig:/usr/share/pkgconfig\\b`));
      }
    });

    it(`${id}: installs the C_DEV_PACKAGES for the target architecture (multiarch) and copies the shared libraries the runtime lacks`, async () => {
      const dockerfile = await dockerfileOf(id);
      assert.match(dockerfile, /^ARG C_DEV_PACKAGES=""$/m, 'a new service links no C library');
      assert.match(dockerfile, /for package in \$C_DEV_PACKAGES; do set -- "\$@" "\$package:arm64"; done;/);
      assert.match(dockerfile, /dpkg --add-architecture arm64/);
      assert.match(dockerfile, /--mount=type=bind,from=runtime,target=\/runtime/);
      assert.match(dockerfile, /readelf --dynamic "\$file" > /);
    });
  }
});

describe('every generated Dockerfile', () => {
  for (const testCase of VARIANT_CASES) {
    it(`${testCase.id}: HEALTHCHECK uses only the flags podman, buildah and Docker before 25 know`, async () => {
      const healthcheck = /^HEALTHCHECK (.*?) \\$/m.exec(await dockerfileOf(testCase.id))?.[1] ?? '';
      const flags = [...healthcheck.matchAll(/--([a-z-]+)=/g)].map((match) => match[1]);
      assert.ok(flags.length > 0, 'no HEALTHCHECK flags');
      for (const flag of flags) assert.ok(['interval', 'timeout', 'start-period', 'retries'].includes(flag!), flag);
    });

    it(`${testCase.id}: links with -s alone (-w has been implied since Go 1.22, our oldest)`, async () => {
      const ldflags = /-ldflags "([^"]*)"/.exec(await dockerfileOf(testCase.id))?.[1] ?? '';
      assert.match(ldflags, /^-s -X main\.version=\$\{VERSION\} -X main\.revision=\$\{REVISION\}$/);
    });

    it(`${testCase.id}: labels no creation time of its own: make passes the commit's, when there is one`, async () => {
      const dockerfile = await dockerfileOf(testCase.id);
      const finalStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
      const label = instructionsOf(finalStage).find((instruction) => instruction.getKeyword() === 'LABEL');
      assert.ok(label && !text(label).includes('image.created'), label && text(label));
      assert.doesNotMatch(finalStage, /^ARG CREATED/m);
    });

    it(`${testCase.id}: sets GOAMD64 from the platform variant (linux/amd64/v3) and GOARM only for arm`, async () => {
      const dockerfile = await dockerfileOf(testCase.id);
      assert.match(dockerfile, /arm\) export GOARM="\$\{TARGETVARIANT#v\}" ;;/);
      assert.match(dockerfile, /amd64\) export GOAMD64="\$\{TARGETVARIANT:-v1\}" ;;/);
    });
  }
});

describe('the scratch Dockerfile', () => {
  it("gives the image what its /etc/passwd promises and distroless has: nonroot's home and nsswitch.conf", async () => {
    const dockerfile = await dockerfileOf('static-scratch-trixie');
    assert.match(dockerfile, /'nonroot:x:65532:65532:nonroot:\/home\/nonroot:\/sbin\/nologin'/);
    assert.match(dockerfile, /chown 65532:65532 \/out\/home\/nonroot/);
    assert.match(dockerfile, /chmod 0700 \/out\/home\/nonroot/);
    assert.match(dockerfile, /'hosts: files dns'.* > \/out\/etc\/nsswitch\.conf/s);
    assert.match(dockerfile, /^WORKDIR \/home\/nonroot$/m);
  });
});
