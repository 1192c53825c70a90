/**
 * The question-bank command line.
 *   npm run bank:check [-- --law LAW]       validate; print every error and warning
 *   npm run bank:build                      validate, then write static/bank/
 *   npm run bank:coverage [-- --json] [-- --law LAW]
 *   npm run bank:release                    record the current bank as a release snapshot
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileBank } from './bank/compile';
import { computeCoverage, formatCoverage } from './bank/coverage';
import { formatDiagnostic } from './bank/diagnostics';
import { buildOutputs, writeOutputs } from './bank/output';
import { makeSnapshot } from './bank/release';
import { folderSource } from './bank/source';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// BANK_SOURCE and STATIC_DIR let a test build a second app from a changed copy of the bank.
const bankDir = process.env.BANK_SOURCE ?? join(root, 'question-bank');
const outDir = join(process.env.STATIC_DIR ? resolve(root, process.env.STATIC_DIR) : join(root, 'static'), 'bank');

const [command = 'check', ...rest] = process.argv.slice(2);
const flag = (name: string) => rest.includes(`--${name}`);
const option = (name: string) => {
	const i = rest.indexOf(`--${name}`);
	return i >= 0 ? rest[i + 1] : undefined;
};

const started = performance.now();
const result = compileBank(folderSource(bankDir));
const law = option('law');
const shown = result.diagnostics.filter((d) => !law || d.file.includes(`/questions/${law}/`) || d.id?.startsWith(`${law}-`) || !d.id);
const errors = result.diagnostics.filter((d) => d.severity === 'error');
const warnings = result.diagnostics.filter((d) => d.severity === 'warning');

function printDiagnostics(): void {
	for (const d of shown) console.error(formatDiagnostic(d));
	const shownErrors = shown.filter((d) => d.severity === 'error').length;
	const shownWarnings = shown.length - shownErrors;
	console.error(
		`${law ? `${law}: ` : ''}${shownErrors} error${shownErrors === 1 ? '' : 's'}, ${shownWarnings} warning${shownWarnings === 1 ? '' : 's'} (rule 8 key check: ${shown.filter((d) => d.rule === 'rule 8 key check').length})`
	);
}

switch (command) {
	case 'check': {
		printDiagnostics();
		const questions = result.laws.reduce((n, l) => n + l.questions.length, 0);
		console.error(`checked ${questions} questions in ${Math.round(performance.now() - started)} ms`);
		process.exit(shown.some((d) => d.severity === 'error') ? 1 : 0);
		break;
	}
	case 'build': {
		if (errors.length > 0) {
			printDiagnostics();
			console.error('bank:build: not written, fix the errors above');
			process.exit(1);
		}
		const changelogPath = join(bankDir, 'CHANGELOG.md');
		const { manifest, files } = buildOutputs(result, existsSync(changelogPath) ? readFileSync(changelogPath, 'utf8') : null);
		if (manifest.changes && manifest.changes.version !== manifest.version) {
			console.error(`bank:build: note: the newest CHANGELOG.md entry is ${manifest.changes.version}, bank.yaml says ${manifest.version}`);
		}
		writeOutputs(outDir, files);
		const total = manifest.laws.reduce((n, l) => n + l.questions, 0);
		console.error(
			`bank:build: ${manifest.id} ${manifest.version}, ${total} live questions in ${manifest.laws.length} laws → static/bank/ (${warnings.length} key-check warning${warnings.length === 1 ? '' : 's'}; npm run bank:check lists them)`
		);
		break;
	}
	case 'coverage': {
		if (!result.bank) {
			printDiagnostics();
			process.exit(1);
		}
		const coverage = computeCoverage(result.bank.version, result.laws);
		if (flag('json')) process.stdout.write(`${JSON.stringify(law ? { version: coverage.version, laws: { [law]: coverage.laws[law] } } : coverage, null, 2)}\n`);
		else process.stdout.write(`${formatCoverage(coverage, law)}\n`);
		if (errors.length > 0) console.error(`note: ${errors.length} errors in the bank; questions with errors are not counted (npm run bank:check)`);
		break;
	}
	case 'release': {
		if (errors.length > 0 || !result.bank) {
			printDiagnostics();
			console.error('bank:release: fix the errors first');
			process.exit(1);
		}
		const file = join(bankDir, 'releases', `${result.bank.version}.json`);
		if (existsSync(file)) {
			console.error(`bank:release: ${result.bank.version} is already released; raise the version in bank.yaml`);
			process.exit(1);
		}
		mkdirSync(dirname(file), { recursive: true });
		writeFileSync(file, `${JSON.stringify(makeSnapshot(result.bank, result.laws), null, 1)}\n`);
		console.error(`bank:release: wrote question-bank/releases/${result.bank.version}.json; add its entry to question-bank/CHANGELOG.md`);
		break;
	}
	default:
		console.error(`unknown command ${command}; use check, build, coverage or release`);
		process.exit(2);
}
