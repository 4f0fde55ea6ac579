"""저장소 주소는 한 곳(`_config.yml`의 `repository.url`, `repository.branch`)에서 옵니다(이슈 13의 1, 2).

- 주소가 적힌 모든 곳(`html.baseurl`, README, 노트북의 링크와 첫 셀 ...)이 `_config.yml`과 맞습니다.
- `tools/set_repository.py`가 그 모든 곳을 함께 바꾸고, 같은 주소로 다시 실행하면 아무것도 바꾸지 않습니다.
- 모든 장과 연습 노트북의 첫 코드 셀은 설치 셀입니다. 여기서는 아무것도 하지 않고, 패키지가 없으면 Colab에서는
  `%pip install git+주소@가지`를, 다른 곳에서는 한국어 안내와 함께 `ModuleNotFoundError`를 냅니다.
- 만든 책의 실행 단추(Colab, Binder)는 설정한 저장소, 가지, 노트북 경로를 엽니다.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("set_repository", ROOT / "tools" / "set_repository.py")
tool = sys.modules["set_repository"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tool)

REPO = tool.configured()
NOTEBOOKS = tool.notebooks()
FORK = tool.Repository("Someone-Else", "my-course", "teach/2026")


def ids(paths):
    return [str(p.relative_to(ROOT)) for p in paths]


def disagreements(root: Path, repo: tool.Repository) -> list[str]:
    """`root`의 글 파일에 적힌 저장소 주소, 가지, 책 주소 가운데 `repo`와 다른 것."""
    found = []
    for path in tool.tracked_text_files(root):
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(root)
        for match, branch in tool.repository_mentions(text, (repo.branch,)):
            line = text.count("\n", 0, match.start()) + 1
            if match[0] != repo.url:
                found.append(f"{where}:{line}: 저장소 {match[0]} (설정: {repo.url})")
            if branch and branch[2] != repo.branch:
                found.append(f"{where}:{line}: 가지 {branch[2]!r} (설정: {repo.branch!r})")
        for start, url in tool.pages_mentions(text):
            if not url.startswith(repo.pages_url):
                found.append(f"{where}:{text.count(chr(10), 0, start) + 1}: 책 주소 {url} (설정: {repo.pages_url})")
    return found


# ---------------------------------------------------------------- 한 곳에서 오는 주소

def test_configured_address_is_a_github_repository_and_baseurl_is_its_pages_url():
    assert REPO.url == f"https://github.com/{REPO.owner}/{REPO.name}"
    assert tool.configured_baseurl() == REPO.pages_url


def test_the_course_keeps_its_address():
    assert (REPO.url, REPO.branch) == ("https://github.com/cnn-course/cnn-course", "main")
    assert REPO.pages_url == "https://cnn-course.github.io/cnn-course/"


def test_every_written_address_agrees_with_the_config():
    found = disagreements(ROOT, REPO)
    assert not found, ("_config.yml과 다른 주소(python tools/set_repository.py로 고치세요; 다른 프로젝트의 "
                       "저장소라면 tools/set_repository.py의 FOREIGN_REPOSITORIES에 더하세요):\n" + "\n".join(found))


def test_the_address_is_written_where_readers_need_it():
    """README와 1장이 설치 명령을 보여 주고, 노트북의 책 링크가 책 주소를 씁니다(검사할 것이 실제로 있습니다)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"%pip install {REPO.pip_target}" in readme
    assert f"tools/set_repository.py https://github.com/<사용자>/<저장소>" in readme
    chapter1 = (ROOT / "chapters" / "01_introduction.ipynb").read_text(encoding="utf-8")
    assert f"%pip install {REPO.pip_target}" in chapter1 and f"git clone {REPO.url}.git" in chapter1
    linked = [p for p in NOTEBOOKS if REPO.pages_url in p.read_text(encoding="utf-8")]
    assert len(linked) >= 10


def test_tool_finds_nothing_to_change():
    result = subprocess.run([sys.executable, "tools/set_repository.py", "--check"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("url, branch, expected", [
    ("https://github.com/me/course", "main", ("me", "course", "https://me.github.io/course/")),
    ("https://github.com/Me/Course.git/", "dev", ("Me", "Course", "https://me.github.io/Course/")),
    ("https://github.com/me/me.github.io", "main", ("me", "me.github.io", "https://me.github.io/")),
])
def test_addresses_are_read_and_pages_urls_derived(url, branch, expected):
    repo = tool.Repository.parse(url, branch)
    assert (repo.owner, repo.name, repo.pages_url) == expected
    assert repo.url == f"https://github.com/{expected[0]}/{expected[1]}" and repo.branch == branch


@pytest.mark.parametrize("url, branch", [
    ("github.com/me/course", "main"),
    ("https://gitlab.com/me/course", "main"),
    ("https://github.com/me", "main"),
    ("https://github.com/me/course/tree/main", "main"),
    ("https://github.com/me/course", "two words"),
    ("https://github.com/me/course", "-x"),
    ("https://github.com/me/course", "a..b"),
])
def test_bad_addresses_and_branches_are_refused(url, branch):
    with pytest.raises(tool.RepositoryError):
        tool.Repository.parse(url, branch)


def test_cli_refuses_a_bad_address_in_korean():
    result = run_tool(ROOT, "https://gitlab.com/me/course", "--check")
    assert result.returncode == 2 and "GitHub 저장소 주소가 아닙니다" in result.stderr


def test_rewriting_text_changes_only_this_course_and_keeps_the_rest():
    old = tool.Repository("cnn-course", "cnn-course", "main")
    text = textwrap.dedent("""\
        git clone https://github.com/cnn-course/cnn-course.git cnn-course
        %pip install git+https://github.com/cnn-course/cnn-course@main을 실행
        [2장](https://cnn-course.github.io/cnn-course/chapters/02_mnist_data.html)
        테마: https://github.com/pydata/pydata-sphinx-theme/issues/1
        https://github.com/cnn-course/cnn-course/blob/main/README.md, 끝.
        """)
    new = tool.rewrite_text(text, FORK, [old], {old.pages_url})
    assert new == textwrap.dedent("""\
        git clone https://github.com/Someone-Else/my-course.git cnn-course
        %pip install git+https://github.com/Someone-Else/my-course@teach/2026을 실행
        [2장](https://someone-else.github.io/my-course/chapters/02_mnist_data.html)
        테마: https://github.com/pydata/pydata-sphinx-theme/issues/1
        https://github.com/Someone-Else/my-course/blob/teach/2026/README.md, 끝.
        """)
    back = tool.rewrite_text(new, old, [FORK], {FORK.pages_url})
    assert back == text


def test_config_lines_are_replaced_in_place(tmp_path):
    text = (ROOT / "_config.yml").read_text(encoding="utf-8")
    new = tool.config_text(text, FORK)
    changed = [(a, b) for a, b in zip(text.splitlines(), new.splitlines()) if a != b]
    assert len(text.splitlines()) == len(new.splitlines())
    assert [b.split("#")[0].strip() for _, b in changed] == [
        f"url: {FORK.url}", f"branch: {FORK.branch}", f"baseurl: {FORK.pages_url}"]


@pytest.fixture(scope="module")
def fork_copy(tmp_path_factory):
    """저장소의 글 파일을 복사한 폴더(git 저장소가 아님)에서 도구로 주소를 바꿉니다."""
    copy = tmp_path_factory.mktemp("fork") / "course"
    for path in tool.tracked_text_files(ROOT):
        target = copy / path.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    return copy


def run_tool(root: Path, *args: str) -> subprocess.CompletedProcess:
    """`tools/set_repository.py ARGS --root ROOT`를 이 프로세스에서 실행합니다(종료 코드, 표준 출력, 표준 오류)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = tool.main([*args, "--root", str(root)])
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def test_tool_moves_every_place_to_a_fork_and_back(fork_copy):
    originals = {p: p.read_bytes() for p in fork_copy.rglob("*") if p.is_file()}
    moved = run_tool(fork_copy, "https://github.com/Someone-Else/my-course.git", "--branch", "teach/2026")
    assert moved.returncode == 0, moved.stderr
    assert tool.configured(fork_copy) == FORK
    assert tool.configured_baseurl(fork_copy) == FORK.pages_url
    assert disagreements(fork_copy, FORK) == []
    left = [str(p.relative_to(fork_copy)) for p in originals
            if re.search(r"cnn-course/cnn-course|cnn-course\.github\.io", p.read_text(encoding="utf-8"))]
    assert left == [], f"옛 주소가 남은 파일: {left}"
    for path in tool.notebooks(fork_copy):
        nb = nbformat.read(path, as_version=4)
        assert tool.first_code_cell(nb).source == tool.install_source(FORK, tool.uses_fashion_mnist(path))

    again = run_tool(fork_copy, "https://github.com/Someone-Else/my-course", "--branch", "teach/2026", "--check")
    assert again.returncode == 0, again.stderr  # 같은 주소로 다시: 바꿀 것이 없습니다

    back = run_tool(fork_copy, REPO.url, "--branch", REPO.branch)
    assert back.returncode == 0, back.stderr
    changed = [str(p.relative_to(fork_copy)) for p, data in originals.items() if p.read_bytes() != data]
    assert changed == [], f"되돌린 뒤 원래와 다른 파일: {changed}"


def test_tool_puts_the_install_cell_into_a_new_notebook(tmp_path):
    (tmp_path / "chapters").mkdir()
    shutil.copy(ROOT / "_config.yml", tmp_path / "_config.yml")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# 새 장"), nbformat.v4.new_code_cell("x = 1")]
    nbformat.write(nb, tmp_path / "chapters" / "99_new.ipynb")
    assert run_tool(tmp_path, "--check").returncode == 1
    assert run_tool(tmp_path).returncode == 0
    cells = nbformat.read(tmp_path / "chapters" / "99_new.ipynb", as_version=4).cells
    assert [c.source for c in cells] == ["# 새 장", tool.install_source(REPO), "x = 1"]
    assert cells[1].metadata["tags"] == ["remove-cell"]
    assert run_tool(tmp_path, "--check").returncode == 0


# ---------------------------------------------------------------- 노트북의 첫 셀

@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_first_code_cell_is_the_install_cell(path):
    nb = nbformat.read(path, as_version=4)
    cell = tool.first_code_cell(nb)
    assert cell.source == tool.install_source(REPO, tool.uses_fashion_mnist(path)), \
        "첫 코드 셀이 설치 셀이 아닙니다: python tools/set_repository.py"
    assert cell.metadata.get("tags") == ["remove-cell"] and cell.get("id") == tool.INSTALL_CELL_ID
    assert cell.outputs == [] and cell.execution_count == 1
    assert sum(tool.is_install_cell(c) for c in nb.cells) == 1


def test_only_the_fashion_mnist_exercise_gets_the_fashion_hint():
    fashion = [p.name for p in NOTEBOOKS if tool.uses_fashion_mnist(p)]
    assert fashion == ["11_fashion_mnist.ipynb", "11_fashion_mnist_solution.ipynb"]


SHELL = textwrap.dedent("""\
    import contextlib, io, json, sys, types
    from IPython.core.interactiveshell import InteractiveShell

    mode, source = sys.argv[1], sys.stdin.read()
    if mode != "here":
        sys.modules["cnn_course"] = None  # 설치되지 않은 환경: importlib.util.find_spec이 None을 돌려줍니다
    if mode == "colab":
        sys.modules["google.colab"] = types.ModuleType("google.colab")
    shell = InteractiveShell.instance()
    calls = []
    shell.run_line_magic = lambda name, line, _stack_depth=1: calls.append([name, line])
    shell.showtraceback = lambda *args, **kwargs: None
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        result = shell.run_cell(source, store_history=True)
    error = result.error_in_exec
    print(json.dumps({"calls": calls, "stdout": out.getvalue(), "stderr": err.getvalue(),
                      "error": type(error).__name__ if error else None, "message": str(error) if error else ""}))
""")


def run_install_cell(mode: str, source: str) -> dict:
    """설치 셀을 IPython 셸에서 실행합니다(`%pip`은 실행하지 않고 부른 것만 기록). 모드: here, colab, elsewhere."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("JPY_")}
    result = subprocess.run([sys.executable, "-c", SHELL, mode], input=source, capture_output=True, text=True,
                            cwd=ROOT, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


@pytest.mark.parametrize("fashion", [False, True])
def test_install_cell_does_nothing_where_the_package_is_installed(fashion):
    assert importlib.util.find_spec("cnn_course") is not None
    assert run_install_cell("here", tool.install_source(REPO, fashion)) == {
        "calls": [], "stdout": "", "stderr": "", "error": None, "message": ""}


@pytest.mark.parametrize("repo", [REPO, FORK], ids=["configured", "fork"])
def test_install_cell_installs_from_the_repository_on_colab(repo):
    found = run_install_cell("colab", tool.install_source(repo))
    assert found["calls"] == [["pip", f"install --quiet --no-deps git+{repo.url}@{repo.branch}"],
                              ["pip", 'install --quiet "koreanize-matplotlib==0.1.1" "myst-nb>=1.1"']]
    assert (found["stdout"], found["stderr"], found["error"]) == ("", "", None)


def test_install_cell_tells_colab_users_how_to_get_fashion_mnist():
    found = run_install_cell("colab", tool.install_source(REPO, fashion=True))
    assert [call[1].split()[2] for call in found["calls"]] == ["--no-deps", '"koreanize-matplotlib==0.1.1"']
    assert "Fashion-MNIST는 처음 읽을 때 저절로 내려받습니다" in found["stdout"]
    assert "CNN_COURSE_FASHION_DATA" in found["stdout"] and found["error"] is None


def test_install_cell_explains_in_korean_elsewhere():
    found = run_install_cell("elsewhere", tool.install_source(REPO))
    assert found["calls"] == [] and found["error"] == "ModuleNotFoundError"
    assert found["message"].splitlines() == [
        "강좌 패키지 cnn_course가 설치되어 있지 않습니다. 다음 줄로 설치한 다음 커널을 다시 시작하고 처음부터 실행하세요.",
        f"%pip install 'cnn-course[notebook] @ git+{REPO.url}@{REPO.branch}'",
        f"자세한 설치 방법: {REPO.url}#readme",
    ]


def test_the_package_data_paths_named_in_the_fashion_hint_exist():
    """힌트가 말하는 환경 변수와 내려받기는 cnn_course.data가 실제로 쓰는 것입니다."""
    from cnn_course.download import MIRRORS
    from cnn_course.paths import DATA_ENV

    assert DATA_ENV["fashion"] in tool.install_source(REPO, fashion=True)
    assert MIRRORS["fashion"]


# ---------------------------------------------------------------- 만든 책

@pytest.fixture(scope="module")
def book_html(request):
    """확인할 책: CNN_COURSE_BOOK_HTML이 있으면 이미 만든 그 폴더, 없으면 이 세션에 `make book`으로 만든 책."""
    given = os.environ.get("CNN_COURSE_BOOK_HTML")
    return Path(given) if given else request.getfixturevalue("book_build").html


HREF = re.compile(r'href="([^"]+)"')


def test_launch_buttons_open_the_configured_repository_branch_and_notebook(book_html):
    from book_pages import PAGES

    pages = [page for page in PAGES if (ROOT / f"{page}.ipynb").is_file()]
    assert len(pages) == len(NOTEBOOKS)
    for page in pages:
        html = (book_html / f"{page}.html").read_text(encoding="utf-8")
        links = {h.replace("&amp;", "&") for h in HREF.findall(html)}
        colab = {h for h in links if urlsplit(h).hostname == "colab.research.google.com"}
        binder = {h for h in links if urlsplit(h).hostname == "mybinder.org"}
        assert colab == {f"https://colab.research.google.com/github/{REPO.slug}/blob/{REPO.branch}/{page}.ipynb"}
        assert binder == {f"https://mybinder.org/v2/gh/{REPO.slug}/{REPO.branch}?urlpath=tree/{page}.ipynb"}
        github = {h for h in links if urlsplit(h).hostname == "github.com"} - {
            f"https://github.com/{r}" for r in tool.FOREIGN_REPOSITORIES}
        assert github == {REPO.url}, page  # 저장소 단추
        assert f'<link rel="canonical" href="{REPO.pages_url}{page}.html"' in html
        # 설치 셀은 쪽에 없고, 내려받는(그리고 Colab이 여는) 노트북에는 있습니다.
        assert "find_spec" not in html, page
        source = nbformat.read(book_html / "_sources" / f"{page}.ipynb", as_version=4)
        assert tool.first_code_cell(source).source == tool.first_code_cell(
            nbformat.read(ROOT / f"{page}.ipynb", as_version=4)).source


def test_colab_gets_every_dependency_that_colab_lacks_and_keeps_its_tensorflow():
    """Colab에서는 TensorFlow를 다시 설치하지 않고, 패키지가 쓰는 나머지와 glue(myst-nb)를 더합니다."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = {re.match(r"[A-Za-z0-9._-]+", r)[0].lower()
             for r in project["dependencies"] + project["optional-dependencies"]["notebook"]}
    added = {re.match(r'"([A-Za-z0-9._-]+)', r)[1].lower() for r in tool.colab_requirements()}
    assert added == names - tool.COLAB_PROVIDES
    assert "myst-nb" in added and not added & {"tensorflow", "tensorflow-cpu"}
