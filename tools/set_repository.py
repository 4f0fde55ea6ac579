"""강사용: 강좌 저장소의 주소(포크한 저장소와 가지)를 한 번에 바꿉니다.

    python tools/set_repository.py https://github.com/<user>/<repo>
    python tools/set_repository.py https://github.com/<user>/<repo> --branch <branch>
    python tools/set_repository.py            # 지금 설정 그대로 다시 씁니다(새 노트북에 설치 셀 넣기)
    python tools/set_repository.py --check    # 바꾸지 않고, 바꿀 곳이 있는지만 알려 줍니다

주소의 원본은 `_config.yml`의 `repository.url`과 `repository.branch` 한 곳입니다. 책의 실행 단추(Colab,
Binder)와 저장소 단추는 책을 만들 때 그 값을 읽습니다. 값을 글로 적어야 하는 곳은 이 도구가 함께 고칩니다.

- `_config.yml`: `repository.url`, `repository.branch`, 그리고 GitHub Pages 주소인 `html.baseurl`
  (`https://<user>.github.io/<repo>/`).
- 장과 연습 노트북(chapters/*.ipynb, exercises/*.ipynb)의 첫 코드 셀: 패키지가 없으면 설치하는 셀을
  `install_cell`로 새로 만듭니다(없으면 첫 코드 셀 앞에 넣습니다).
- 저장소의 모든 글 파일(git이 관리하는 파일)에 적힌 저장소 주소(`git clone`, `git+주소@가지`,
  `주소/blob/가지/...`)와 책 주소(`https://<user>.github.io/<repo>/...`).

같은 주소로 다시 실행해도 아무것도 바뀌지 않습니다. tests/test_repository.py가 모든 곳이 `_config.yml`과
맞는지 확인합니다.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[1]
CONFIG = "_config.yml"
NOTEBOOK_FOLDERS = ("chapters", "exercises")

# 이 강좌가 아닌, 다른 프로젝트의 GitHub 저장소(링크로만 씁니다). 바꾸지 않습니다.
FOREIGN_REPOSITORIES = frozenset({"pydata/pydata-sphinx-theme"})
FOREIGN_PAGES = frozenset()  # 다른 프로젝트의 GitHub Pages(<owner>.github.io)의 owner
# 일부러 예시 주소(다른 저장소)를 적은 파일: 읽지도 바꾸지도 않습니다.
EXAMPLE_FILES = frozenset({"tests/test_repository.py"})

INSTALL_CELL_ID = "install-cnn-course"
INSTALL_CELL_TAGS = ["remove-cell"]  # 책(HTML, PDF)에는 싣지 않습니다: CONTRIBUTING.md의 설명
INSTALL_MARK = 'importlib.util.find_spec("cnn_course")'  # 예전 모습의 설치 셀도 알아보는 표시

OWNER = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})"
NAME = r"[A-Za-z0-9._-]+"
BRANCH = re.compile(r"^(?!-)(?!.*\.\.)(?!.*//)(?!.*\.lock$)[A-Za-z0-9._/-]+(?<![/.])$")
# 글 속의 GitHub 저장소 주소: https://github.com/<owner>/<repo> (뒤에 .git, /..., @가지가 올 수 있음)
GITHUB_URL = re.compile(rf"https?://github\.com/(?P<owner>{OWNER})/(?P<repo>{NAME}?)"
                        r"(?=\.git\b|\.?(?:[^A-Za-z0-9_.-]|$))")
# 주소 바로 뒤의 가지: git+주소@가지, 주소/blob/가지/, 주소/tree/가지
AT_BRANCH = re.compile(r"@(?P<branch>[A-Za-z0-9._/-]*[A-Za-z0-9_-])")
PAGES_URL = re.compile(rf"https?://(?P<owner>{OWNER})\.github\.io/(?P<path>[^\s\"'<>)\]`]*)")


class RepositoryError(ValueError):
    """주소나 가지 이름이 잘못되었을 때."""


@dataclass(frozen=True)
class Repository:
    owner: str
    name: str
    branch: str = "main"

    @classmethod
    def parse(cls, url: str, branch: str = "main") -> "Repository":
        """`https://github.com/<owner>/<repo>`(끝의 `/`, `.git`은 떼어 냅니다)와 가지 이름을 확인합니다."""
        text = url.strip().rstrip("/")
        text = text[:-4] if text.endswith(".git") else text
        match = re.fullmatch(rf"https://github\.com/(?P<owner>{OWNER})/(?P<repo>{NAME})", text)
        if not match or match["repo"] in (".", ".."):
            raise RepositoryError(f"GitHub 저장소 주소가 아닙니다: {url!r}. "
                                  "https://github.com/<사용자>/<저장소> 꼴로 주세요.")
        if not BRANCH.match(branch):
            raise RepositoryError(f"가지(branch) 이름으로 쓸 수 없습니다: {branch!r}")
        return cls(match["owner"], match["repo"], branch)

    @property
    def url(self) -> str:
        return f"https://github.com/{self.owner}/{self.name}"

    @property
    def slug(self) -> str:
        return f"{self.owner}/{self.name}"

    @property
    def pages_url(self) -> str:
        """GitHub Pages에 올린 책의 주소(`html.baseurl`). `<owner>.github.io` 저장소는 사용자 사이트입니다."""
        host = f"{self.owner.lower()}.github.io"
        return f"https://{host}/" if self.name.lower() == host else f"https://{host}/{self.name}/"

    @property
    def git_target(self) -> str:
        return f"git+{self.url}@{self.branch}"

    @property
    def pip_target(self) -> str:
        """패키지와 노트북에 필요한 것(extra `notebook`)을 함께: 따옴표까지 `%pip install` 뒤에 그대로 씁니다."""
        return f"'cnn-course[notebook] @ {self.git_target}'"

    @property
    def readme_url(self) -> str:
        return f"{self.url}#readme"


# ---------------------------------------------------------------- _config.yml

def configured(root: Path = ROOT) -> Repository:
    """`_config.yml`의 `repository.url`과 `repository.branch`."""
    config = yaml.safe_load((root / CONFIG).read_text(encoding="utf-8"))
    section = config.get("repository") or {}
    return Repository.parse(str(section.get("url", "")), str(section.get("branch", "main")))


def configured_baseurl(root: Path = ROOT) -> str:
    config = yaml.safe_load((root / CONFIG).read_text(encoding="utf-8"))
    return str((config.get("html") or {}).get("baseurl", ""))


def set_yaml_value(text: str, section: str, key: str, value: str) -> str:
    """`section:` 아래의 `  key: 값` 한 줄만 바꿉니다(주석과 다른 줄은 그대로). 없으면 오류."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if re.match(rf"^{section}:\s*(#.*)?$", line)), None)
    if start is None:
        raise RepositoryError(f"{CONFIG}에 '{section}:' 절이 없습니다.")
    for i in range(start + 1, len(lines)):
        line = lines[i]
        if line.strip() and not line[0].isspace():
            break
        match = re.match(rf"^(\s+{key}:\s*)([^#\n]*?)(\s*#.*)?(\n?)$", line)
        if match:
            lines[i] = f"{match[1]}{value}{match[3] or ''}{match[4]}"
            return "".join(lines)
    raise RepositoryError(f"{CONFIG}의 '{section}:' 절에 '{key}:' 줄이 없습니다.")


def config_text(text: str, repo: Repository) -> str:
    text = set_yaml_value(text, "repository", "url", repo.url)
    text = set_yaml_value(text, "repository", "branch", repo.branch)
    return set_yaml_value(text, "html", "baseurl", repo.pages_url)


# ---------------------------------------------------------------- 설치 셀

def uses_fashion_mnist(path: Path) -> bool:
    """노트북(학생용이면 그 풀이 노트북)의 코드가 Fashion-MNIST를 읽는지."""
    solution = path.with_name(path.stem + "_solution.ipynb")
    source = solution if solution.is_file() else path
    nb = nbformat.read(source, as_version=4)
    return any(re.search(r"""dataset\s*=\s*["']fashion["']""", cell.source)
               for cell in nb.cells if cell.cell_type == "code")


# Colab에 처음부터 있는 패키지: 설치 셀이 다시 설치하지 않습니다(특히 TensorFlow는 Colab의 것을 씁니다).
COLAB_PROVIDES = frozenset({"tensorflow", "tensorflow-cpu", "numpy", "matplotlib", "scikit-learn", "filelock",
                            "tqdm", "ipykernel"})


def colab_requirements(root: Path = ROOT) -> list[str]:
    """pyproject.toml의 의존성과 extra `notebook` 가운데 Colab에 없는 것(셸이 읽도록 따옴표로 감쌈)."""
    import tomllib

    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = project["dependencies"] + project["optional-dependencies"]["notebook"]
    found = []
    for requirement in wanted:
        spec = requirement.split(";")[0].strip()
        name = re.match(r"[A-Za-z0-9._-]+", spec)[0].lower()
        if name not in COLAB_PROVIDES:
            found.append(f'"{spec}"')
    return found


def install_source(repo: Repository, fashion: bool = False) -> str:
    """노트북의 첫 코드 셀: cnn_course가 없으면 Colab에서는 저장소에서 설치하고, 다른 곳에서는 방법을 알려 줍니다."""
    lines = [
        "# 강좌 패키지 cnn_course가 없으면 설치합니다(Colab). 이미 설치되어 있으면 아무 일도 하지 않습니다.",
        "import importlib.util",
        "import sys",
        "",
        'if importlib.util.find_spec("cnn_course") is None:',
        '    if "google.colab" in sys.modules:',
        "        # Colab의 TensorFlow는 그대로 쓰고, 강좌 패키지와 Colab에 없는 패키지만 더합니다.",
        f"        %pip install --quiet --no-deps {repo.git_target}",
        f"        %pip install --quiet {' '.join(colab_requirements())}",
    ]
    if fashion:
        lines += [
            '        print("Fashion-MNIST는 처음 읽을 때 저절로 내려받습니다. 내려받지 못하면 네 파일"',
            '              "(*-ubyte.gz)을 왼쪽 파일 창에서 한 폴더에 올리고, 그 폴더의 경로를 "',
            '              "os.environ[\'CNN_COURSE_FASHION_DATA\']에 넣으세요.")',
        ]
    lines += [
        "    else:",
        "        raise ModuleNotFoundError(",
        '            "강좌 패키지 cnn_course가 설치되어 있지 않습니다. 다음 줄로 설치한 다음 "',
        '            "커널을 다시 시작하고 처음부터 실행하세요.\\n"',
        f'            "%pip install {repo.pip_target}\\n"',
        f'            "자세한 설치 방법: {repo.readme_url}")',
    ]
    return "\n".join(lines)


def install_cell(repo: Repository, fashion: bool = False):
    return nbformat.v4.new_code_cell(install_source(repo, fashion), id=INSTALL_CELL_ID,
                                     metadata={"tags": list(INSTALL_CELL_TAGS)})


def is_install_cell(cell) -> bool:
    return cell.cell_type == "code" and (cell.get("id") == INSTALL_CELL_ID or INSTALL_MARK in cell.source)


def first_code_cell(nb):
    return next((cell for cell in nb.cells if cell.cell_type == "code"), None)


def with_install_cell(nb, repo: Repository, fashion: bool) -> None:
    """노트북의 첫 코드 셀을 설치 셀로: 있으면 원본과 태그를 새로 쓰고(출력과 실행 번호는 그대로), 없으면 넣습니다."""
    wanted = install_cell(repo, fashion)
    index = next((i for i, cell in enumerate(nb.cells) if cell.cell_type == "code"), len(nb.cells))
    if index < len(nb.cells) and is_install_cell(nb.cells[index]):
        cell = nb.cells[index]
        cell.source = wanted.source
        cell.id = INSTALL_CELL_ID
        other_tags = [t for t in cell.metadata.get("tags", []) if t not in INSTALL_CELL_TAGS]
        cell.metadata["tags"] = INSTALL_CELL_TAGS + other_tags
    else:
        nb.cells.insert(index, wanted)


# ---------------------------------------------------------------- 글 속의 주소

def tracked_text_files(root: Path = ROOT) -> list[Path]:
    """git이 관리하는 글 파일(바이너리 빼고). git 저장소가 아니면 폴더의 모든 파일."""
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=root, capture_output=True,
                             check=True, text=True).stdout.strip()
        if Path(top).resolve() != root.resolve():
            raise FileNotFoundError(top)  # 다른 git 저장소 안의 폴더: git이 관리하는 파일이 아닙니다
        names = subprocess.run(["git", "ls-files", "-z"], cwd=root, capture_output=True, check=True,
                               text=True).stdout.split("\0")
        paths = [root / name for name in names if name]
    except (OSError, subprocess.CalledProcessError):
        skip = {".git", ".venv", "node_modules", "_build", ".cache"}
        paths = [p for p in root.rglob("*") if not skip & set(p.relative_to(root).parts)]
    found = []
    for path in sorted(paths):
        if path.relative_to(root).as_posix() in EXAMPLE_FILES or not path.is_file() or path.is_symlink():
            continue
        data = path.read_bytes()
        if b"\0" in data[:8192]:
            continue
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        found.append(path)
    return found


def is_foreign(owner: str, name: str) -> bool:
    return f"{owner}/{name}".lower() in FOREIGN_REPOSITORIES


def repository_mentions(text: str, branches: tuple[str, ...] = ()):
    """글 속의 이 강좌 저장소 주소들: (match, 뒤에 붙은 가지 (시작, 끝, 이름) 또는 None).

    `/blob/가지/`의 가지 이름에는 `/`가 들어갈 수 있으므로, `branches`(알고 있는 가지 이름) 가운데 하나와
    맞으면 그 이름을, 아니면 `/` 앞까지를 가지로 봅니다.
    """
    for match in GITHUB_URL.finditer(text):
        if not is_foreign(match["owner"], match["repo"]):
            yield match, mentioned_branch(text, match.end(), branches)


def mentioned_branch(text: str, end: int, branches: tuple[str, ...] = ()) -> tuple[int, int, str] | None:
    """주소 바로 뒤(`end`)의 가지: `@가지`, `/blob/가지/`, `/tree/가지`. (시작, 끝, 이름) 또는 None."""
    start = end + 4 if text.startswith(".git", end) else end
    if (match := AT_BRANCH.match(text, start)):
        return match.start("branch"), match.end("branch"), match["branch"]
    if (match := re.compile(r"/(?:blob|tree)/").match(text, start)):
        tail = text[match.end():]
        name = next((b for b in sorted(branches, key=len, reverse=True)
                     if re.match(rf"{re.escape(b)}(?=[/\s\"'#)?]|$)", tail)), None)
        name = name or re.match(r"[^/\s\"'#)?]*", tail).group()
        return match.end(), match.end() + len(name), name
    return None


def pages_mentions(text: str):
    """글 속의 GitHub Pages 주소들(다른 프로젝트의 것은 빼고): (시작, `https://`로 고친 주소)."""
    for match in PAGES_URL.finditer(text):
        if match["owner"].lower() not in FOREIGN_PAGES:
            yield match.start(), "https://" + match[0].split("://", 1)[1]


def rewrite_text(text: str, repo: Repository, old_repos: list[Repository], old_pages: set[str]) -> str:
    """글 속의 저장소 주소(와 뒤의 가지)를 `repo`의 것으로, 옛 책 주소(`old_pages`)를 `repo.pages_url`로."""
    branches = tuple({r.branch for r in old_repos})
    edits: list[tuple[int, int, str]] = []
    for match, branch in repository_mentions(text, branches):
        edits.append((match.start(), match.end(), repo.url))
        if branch:
            edits.append((branch[0], branch[1], repo.branch))
    for start, url in pages_mentions(text):
        prefix = next((p for p in sorted(old_pages, key=len, reverse=True) if url.startswith(p)), None)
        if prefix:
            scheme = text.index("://", start) + 3 - start  # "https://" 또는 "http://"의 길이
            edits.append((start, start + scheme + len(prefix) - len("https://"), repo.pages_url))
    pieces, last = [], 0
    for start, end, new in sorted(edits):
        if start < last:
            continue
        pieces += [text[last:start], new]
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


def mentioned_repositories(paths: list[Path]) -> list[Repository]:
    """글에 적힌 이 강좌의 저장소들(뒤의 가지 포함). 손으로 고친 옛 주소도 함께 바꾸려고 찾습니다."""
    found: dict[tuple[str, str, str], None] = {}
    for path in paths:
        for match, branch in repository_mentions(path.read_text(encoding="utf-8")):
            found[(match["owner"], match["repo"], branch[2] if branch and branch[2] else "main")] = None
    repos = []
    for owner, name, branch in found:
        try:
            repos.append(Repository.parse(f"https://github.com/{owner}/{name}", branch))
        except RepositoryError:
            continue
    return repos


# ---------------------------------------------------------------- 모두 함께

def notebooks(root: Path = ROOT) -> list[Path]:
    return sorted(p for folder in NOTEBOOK_FOLDERS for p in (root / folder).glob("*.ipynb"))


def planned_changes(repo: Repository, root: Path = ROOT) -> dict[Path, str]:
    """`repo`로 바꾸면 달라질 파일과 그 새 내용."""
    files = tracked_text_files(root)
    old_repos = [configured(root)] + mentioned_repositories(files)
    old_pages = {r.pages_url for r in old_repos} | ({configured_baseurl(root)} - {""})
    changes: dict[Path, str] = {}
    notebook_paths = set(notebooks(root))
    for path in sorted(set(files) | notebook_paths):
        text = path.read_text(encoding="utf-8")
        new = rewrite_text(text, repo, old_repos, old_pages)
        if path == root / CONFIG:
            new = config_text(new, repo)
        if path in notebook_paths:
            nb = nbformat.reads(new, as_version=4)
            with_install_cell(nb, repo, uses_fashion_mnist(path))
            new = nbformat.writes(nb)
            new += "" if new.endswith("\n") else "\n"
        if new != text:
            changes[path] = new
    return changes


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("url", nargs="?", help="https://github.com/<사용자>/<저장소> (없으면 _config.yml의 값)")
    parser.add_argument("--branch", help="책과 Colab 설치가 쓰는 가지(없으면 _config.yml의 값)")
    parser.add_argument("--check", action="store_true", help="바꾸지 않고, 바꿀 파일이 있는지만 알려 줍니다")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    root = args.root.resolve()
    try:
        current = configured(root)
        repo = Repository.parse(args.url or current.url, args.branch or current.branch)
        changes = planned_changes(repo, root)
    except RepositoryError as error:
        print(error, file=sys.stderr)
        return 2
    for path, text in changes.items():
        name = path.relative_to(root)
        if args.check:
            print(f"맞지 않음: {name}", file=sys.stderr)
        else:
            path.write_text(text, encoding="utf-8")
            print(f"고침 {name}")
    if args.check:
        return 1 if changes else 0
    print(f"저장소: {repo.url} (가지 {repo.branch}), 책 주소: {repo.pages_url}"
          + ("" if changes else " - 이미 모든 곳이 이 주소입니다."))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
