import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { ensureDefaultDivisions } from '../divisions/divisions.service.ts';
import { roles } from '../policy/policy.ts';
import { prepareDatabase } from '../server.ts';
import { createUser } from '../users/users.service.ts';
import type { Role } from '../users/users.table.ts';
import type { Command } from './commands.ts';

export const userAddCommand: Command = {
  summary: 'create an account (no forced password change)',
  usage:
    'lao-info user add --username NAME --password PW --role ROLE [--province CODE] [--district CODE] [--lao CODE] [--division NAME] [--name "ชื่อ-สกุล"] [--email ADDRESS]\n\n' +
    `Roles: ${roles.join(', ')}. province_officer needs --province, district_officer --district, lao_* roles --lao.`,
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        username: { type: 'string' },
        password: { type: 'string' },
        role: { type: 'string' },
        province: { type: 'string' },
        district: { type: 'string' },
        lao: { type: 'string' },
        division: { type: 'string', multiple: true },
        name: { type: 'string' },
        email: { type: 'string' },
      },
    });
    if (!values.username || !values.password || !values.role) {
      process.stderr.write(
        'ต้องระบุ --username --password --role / --username, --password and --role are required\n',
      );
      return 2;
    }
    if (!roles.includes(values.role as Role)) {
      process.stderr.write(
        `บทบาท "${values.role}" ไม่มีในระบบ ใช้หนึ่งใน: ${roles.join(', ')}\nUnknown role; use one of: ${roles.join(', ')}\n`,
      );
      return 2;
    }
    const db = await prepareDatabase(loadConfig());
    try {
      let divisionIds: string[] = [];
      if (values.division?.length) {
        if (!values.lao) {
          process.stderr.write('--division ใช้กับ --lao / --division needs --lao\n');
          return 2;
        }
        const divisions = await ensureDefaultDivisions(db.kysely, values.lao);
        const missing = values.division.filter((n) => !divisions.some((d) => d.name_th === n));
        if (missing.length) {
          process.stderr.write(
            `ไม่พบกอง: ${missing.join(', ')}\nDivisions of ${values.lao}: ${divisions.map((d) => d.name_th).join(', ')}\n`,
          );
          return 2;
        }
        divisionIds = divisions.filter((d) => values.division!.includes(d.name_th)).map((d) => d.id);
      }
      const r = await createUser(db.kysely, 'system', {
        username: values.username.toLowerCase(),
        displayName: values.name ?? values.username,
        email: values.email ?? null,
        password: values.password,
        role: values.role as Role,
        provinceCode: values.province ?? null,
        districtCode: values.district ?? null,
        laoCode: values.lao ?? null,
        divisionIds,
        mustChangePassword: false,
      });
      process.stdout.write(
        `created ${r.user.username} (${r.user.role}${r.user.lao_code ? ` · LAO ${r.user.lao_code}` : ''}${r.user.province_code ? ` · province ${r.user.province_code}` : ''}${r.user.district_code ? ` · district ${r.user.district_code}` : ''})\n`,
      );
      return 0;
    } finally {
      await db.close();
    }
  },
};
