"""Packaging for nfnet_nb, driven by settings.ini (nbdev 2 layout, no pkg_resources)."""
import shlex
from configparser import ConfigParser

import setuptools

cfg_parser = ConfigParser(delimiters=['='])
cfg_parser.read('settings.ini', encoding='utf-8')
cfg = cfg_parser['DEFAULT']

expected = ('version description keywords author author_email license status min_python '
            'lib_name lib_path git_url requirements dev_requirements').split()
missing = [k for k in expected if k not in cfg]
assert not missing, f'settings.ini is missing keys: {missing}'

licenses = {'apache2': ('Apache Software License 2.0', 'OSI Approved :: Apache Software License')}
statuses = ['1 - Planning', '2 - Pre-Alpha', '3 - Alpha', '4 - Beta', '5 - Production/Stable',
            '6 - Mature', '7 - Inactive']
py_versions = '3.11 3.12 3.13'.split()

lic = licenses[cfg['license'].lower()]
min_python = cfg['min_python']
requirements = shlex.split(cfg.get('requirements', ''))
requirements += shlex.split(cfg.get('pip_requirements', ''))
dev_requirements = shlex.split(cfg.get('dev_requirements', ''))
extras = {'dev': dev_requirements}
for key in ('book_requirements', 'tfds_requirements', 'torch_requirements', 'tb_requirements', 'hub_requirements'):
    if cfg.get(key, '').strip():
        extras[key.removesuffix('_requirements')] = shlex.split(cfg[key])

console_scripts = [s for s in cfg.get('console_scripts', '').split() if s]

setuptools.setup(
    name=cfg['lib_name'],
    license=lic[0],
    classifiers=[
        'Development Status :: ' + statuses[int(cfg['status'])],
        'Intended Audience :: ' + cfg['audience'].title(),
        'License :: ' + lic[1],
        'Natural Language :: ' + cfg['language'].title(),
        'Topic :: Scientific/Engineering :: Artificial Intelligence',
    ] + ['Programming Language :: Python :: ' + v for v in py_versions[py_versions.index(min_python):]],
    url=cfg['git_url'],
    packages=setuptools.find_packages(include=[cfg['lib_path'], cfg['lib_path'] + '.*']),
    include_package_data=True,
    install_requires=requirements,
    extras_require=extras,
    dependency_links=cfg.get('dep_links', '').split(),
    python_requires='>=' + min_python,
    long_description=open('README.md', encoding='utf-8').read(),
    long_description_content_type='text/markdown',
    zip_safe=False,
    entry_points={
        'console_scripts': console_scripts,
        'nbdev': [f"{cfg['lib_path']}={cfg['lib_path']}._modidx:d"],
    },
    version=cfg['version'],
    description=cfg['description'],
    keywords=cfg['keywords'],
    author=cfg['author'],
    author_email=cfg['author_email'],
)
