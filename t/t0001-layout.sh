#!/bin/sh
# The shape of the source tree (README.md, "Where things are"): includes
# flow one way, git-results/ -> kcidb/ and patchwork/ -> formats/ -> lib/, compat/
# includes none of ours, and no file's includes lead back to itself.
# A header belongs to the .c file of its name: the two are one module.

. "$(dirname "$0")/test-lib.sh"

cat >check-layout.py <<\EOF
import os, re, sys

root = sys.argv[1]
rank = {'lib': 0, 'formats': 1, 'kcidb': 2, 'patchwork': 2, 'git-results': 3}
include = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
problems = []
edges = {}

def module(path):
    return os.path.splitext(path)[0]

for top in list(rank) + ['compat']:
    for dirpath, dirs, files in os.walk(os.path.join(root, top)):
        dirs.sort()
        for name in sorted(files):
            if not name.endswith(('.c', '.h')):
                continue
            path = os.path.relpath(os.path.join(dirpath, name), root)
            with open(os.path.join(root, path), encoding='utf-8') as f:
                text = f.read()
            for inc in include.findall(text):
                if not os.path.exists(os.path.join(root, inc)):
                    problems.append('%s: includes %s, which is not a path from the top of the tree' % (path, inc))
                    continue
                to = inc.split('/')[0]
                if top == 'compat' or to == 'compat':
                    problems.append('%s: includes %s: compat/ is linked, never included' % (path, inc))
                elif rank.get(to, -1) > rank[top]:
                    problems.append('%s: includes %s: %s/ is above %s/' % (path, inc, to, top))
                if module(inc) != module(path):
                    edges.setdefault(module(path), set()).add(module(inc))

# Cycles between modules, by depth-first search.
state, stack = {}, []
def visit(node):
    state[node] = 'open'
    stack.append(node)
    for nxt in sorted(edges.get(node, ())):
        if state.get(nxt) == 'open':
            cycle = stack[stack.index(nxt):] + [nxt]
            problems.append('include cycle: ' + ' -> '.join(cycle))
        elif nxt not in state:
            visit(nxt)
    stack.pop()
    state[node] = 'done'
sys.setrecursionlimit(10000)
for node in sorted(edges):
    if node not in state:
        visit(node)

for p in problems:
    print(p)
sys.exit(1 if problems else 0)
EOF

test_expect_success 'includes flow one way and never in a circle' '
	{ python3 check-layout.py "$SRC_DIR" >problems || cat problems; } &&
	test_line_count = 0 problems
'

# The check itself, on a copy of the tree with one fault planted each time.
copy_tree() {
	rm -rf tree && mkdir tree &&
	for d in lib formats kcidb patchwork git-results compat; do
		cp -R "$SRC_DIR/$d" tree/ || return 1
	done
}

test_expect_success 'an include from lib/ up into formats/ is found' '
	copy_tree &&
	printf "#include \"formats/format.h\"\n" >>tree/lib/strbuf.c &&
	test_expect_code 1 python3 check-layout.py tree >problems &&
	grep "^lib/strbuf.c: includes formats/format.h: formats/ is above lib/\$" problems
'

test_expect_success 'an include cycle is found' '
	copy_tree &&
	printf "#include \"lib/usage.h\"\n" >>tree/lib/strbuf.h &&
	printf "#include \"lib/strbuf.h\"\n" >>tree/lib/usage.h &&
	test_expect_code 1 python3 check-layout.py tree >problems &&
	# the search reports the cycle from whichever end it reaches first
	grep -E "^include cycle: .*(lib/usage -> lib/strbuf -> lib/usage|lib/strbuf -> lib/usage -> lib/strbuf)" problems
'

test_expect_success 'a path relative to the including file is refused' '
	copy_tree &&
	printf "#include \"../strbuf.h\"\n" >>tree/lib/sign/armour.c &&
	test_expect_code 1 python3 check-layout.py tree >problems &&
	grep "lib/sign/armour.c: includes ../strbuf.h, which is not a path" problems
'

test_done
