/**
 * Creates an administrator: `npm run admin:create -- --username NAME [--name 显示名]`.
 * The password is read from ADMIN_PASSWORD, or asked for on the terminal (not echoed).
 * Uses DATA_DIR (default ./data) like the server, and applies pending migrations first.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { migrate, openSqlite } from '../src/lib/server/db/database';
import { createUser, DirectoryError, setPassword, findUserByUsername } from '../src/lib/server/directory';
import { passwordProblem } from '../src/lib/server/auth/password';

async function askHidden(prompt: string): Promise<string> {
	if (!process.stdin.isTTY) {
		// Piped input: read one line.
		const rl = createInterface({ input: process.stdin });
		for await (const line of rl) {
			rl.close();
			return line;
		}
		return '';
	}
	process.stdout.write(prompt);
	return new Promise((resolve) => {
		let value = '';
		process.stdin.setRawMode(true);
		process.stdin.resume();
		process.stdin.setEncoding('utf8');
		const onData = (ch: string) => {
			for (const c of ch) {
				if (c === '\r' || c === '\n' || c === '\u0004') {
					process.stdin.setRawMode(false);
					process.stdin.pause();
					process.stdin.off('data', onData);
					process.stdout.write('\n');
					return resolve(value);
				}
				if (c === '\u0003') process.exit(130);
				if (c === '\u007f') value = value.slice(0, -1);
				else value += c;
			}
		};
		process.stdin.on('data', onData);
	});
}

async function main() {
	const { values } = parseArgs({ options: { username: { type: 'string' }, name: { type: 'string' }, reset: { type: 'boolean' } } });
	if (!values.username) {
		console.error('用法: npm run admin:create -- --username 账号 [--name 姓名] [--reset]');
		process.exit(2);
	}
	let password = process.env.ADMIN_PASSWORD ?? '';
	if (!password) {
		password = await askHidden('新管理员的密码: ');
		if (process.stdin.isTTY && (await askHidden('再输入一次: ')) !== password) {
			console.error('两次输入的密码不一致。');
			process.exit(1);
		}
	}
	const problem = passwordProblem(password);
	if (problem) {
		console.error(problem);
		process.exit(1);
	}
	const db = openSqlite(process.env.DATA_DIR || 'data');
	try {
		await migrate(db);
		const existing = await findUserByUsername(db, values.username);
		if (existing && values.reset && existing.role === 'admin') {
			await setPassword(db, existing.id, password, false);
			console.log(`已重置管理员 ${values.username} 的密码。`);
			return;
		}
		await createUser(db, { username: values.username, displayName: values.name ?? values.username, role: 'admin', unitId: null, password, mustChangePassword: false });
		console.log(`已创建管理员 ${values.username}。请用浏览器打开 /login 登录。`);
	} catch (e) {
		if (e instanceof DirectoryError) {
			console.error(e.message);
			process.exitCode = 1;
		} else throw e;
	} finally {
		await db.destroy();
	}
}

await main();
