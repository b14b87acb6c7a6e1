import { chromium } from 'playwright-core';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-background-networking'] });
const p = await b.newPage();
let navs = 0;
p.on('framenavigated', f => { if (f === p.mainFrame()) navs++; });
await p.goto(process.argv[2]);
await p.waitForTimeout(8000);
console.log('main-frame navigations in 8 s:', navs);
await b.close();
