#!/bin/sh
# Generate dict/lexicon/regions.tsv, the gazetteer of China's administrative
# divisions, from the GB/T 2260 tables province.csv, city.csv and area.csv
# (columns code,name,... ; UTF-8, optional BOM and CRLF line ends).
#
#   dict/tools/gen_regions.sh DIR > dict/lexicon/regions.tsv
#
# POSIX sh, awk and sort only; the output is byte-for-byte reproducible.
# The rules are written into the output's header comment.
set -eu

if [ $# -ne 1 ] || [ ! -d "$1" ]; then
    echo "usage: $0 DIR   (DIR holds province.csv, city.csv and area.csv)" >&2
    exit 2
fi
dir=$1
for f in province.csv city.csv area.csv; do
    if [ ! -r "$dir/$f" ]; then
        echo "$0: cannot read $dir/$f" >&2
        exit 1
    fi
done

# Stems that must not become short forms. The compiler makes every short
# form a dictionary word that wins as one token, and the region resolver
# counts its mentions, so a stem must not be an ordinary word of policy
# text (新建区 -> 新建, 延长县 -> 延长, 富裕县 -> 富裕, 中方县 -> 中方, 金山区
# -> 金山), must not mostly occur across other words (和政县 -> 和政 in
# 和政府, 界首市 -> 界首 in 世界首, 资中县 -> 资中 in 投资中, 江宁区 -> 江宁
# in 浙江宁波) and must not more often name something else (马龙 a player,
# 南澳 South Australia, 黑山 Montenegro, 阿里 Alibaba, 平陆 the canal in
# Guangxi). Chosen by reading the 2026 provincial reports, two years of
# news transcripts and the PKU test text, and checking each county-level
# stem's occurrences outside its own full name.
ZC_GENERIC='
资源 合作 和平 武功 比如 南部 解放 东方 前进 港口 公安 友好 通道 共和 城中 友谊
平安 中方 凤凰 安定 延长 光明 新兴 运河 万年 东风 红旗 光泽 南岸 城北 会同 工农
大名 富裕 清水 高明 前锋 复兴 长子 清新 宏伟 平定 芙蓉 洞口 温泉 石门 向阳 振兴
三元 大方 互助 新华 威信 莲花 平和 名山 白云 全州 桃源 三门 大观 永和 二七 台前
金山 石棉 丰满 双桥 高台 九龙 二道 无为 民权 小店 同心 元宝 宝塔 平房 太白 灯塔
白玉 大兴 木兰 天涯 七星 海棠 博爱 同仁 回民 钟楼 江岸 盘龙 马尾 方正 弥勒 安居
龙凤 鼓楼 湖里 海盐 麒麟 新民 高密 富民 清流 水城 紫金 老城 爱民 惠民 新星 和顺
云霄 天台 阳明 开化 天心 金沙 白沙 天元 玉泉 天柱 民乐 延寿 铜鼓 阳春 兴业 大厂
金牛 路南 白塔 海伦 古塔 磐石 万全 樟树 岳阳楼 嘉禾 小金 白水 梨树 双塔 大田 大化
碑林 康乐 丰润 市北 鸡冠 市南 高要 双城 河东 河西 滨海 桥东 桥西 海港 新城 西市
太平 东山 江北 江南 新建 长安 青山 平原 牡丹 吉利 长寿 天河 南海 东海 太湖 泰山
天山 城关 城东 城西 新市 安宁 河口 江口 湖口 兴隆 大城 临江 龙井 龙江 滨江 江山
临海 东湖 兴国 南城 天桥 中原 上街 中站 湖滨 卧龙 商城 江汉 荷塘 武陵 北湖 江海
龙门 江城 三江 东坡 沿河 西山 大关 古城 祥云 甘泉 白河 平川 西夏 山城 市中 站前
朝天 镶黄 正镶白 正蓝 新和 和政 安新 新平 大新 民和 大通 吉隆 上高 江干 安国 津市
天全 界首 乐业 大安 资兴 连云 资中 上城 扬中 江源 天等 长白 惠农 乌兰 建平 荣昌
亚东 民丰 兰山 渝中 马关 贺兰 平利 江宁 太和 新安 兴和 政和 靖宇 迁安 托里 巴彦
南郑 同德 定安 福安 固安 景泰 增城 利通 金水 成安 京口 东明 盘山 江安 路桥 东阳
宁国 防城 铁西 修水 京山 花山 南华 西工 道里 路北 杂多 建宁 康保 华龙 浦江 多伦
金安 嘉陵 合水 和龙 从江 兰西 庆元 建华 上党 海城 高安 连山 江达 月湖 广水 平南
定海 南安 大丰 同安 千山 滨城 都安 铁山 通城 西平 新干 建安 南和 三原 称多 津南
越城 东平 东台 阳城 源汇 平桥 安平 会理 盐湖 乌苏 江川 永新 黑水 伊州 潮南 龙湖
北安 白银 来宾 安康 永定 南开 清河 卫东 云龙 阿里 龙海 蒙山 龙山 玉龙 东至 通江
平陆 濠江 滨湖 黄龙 伊美 马龙 福海 洪山 雷波 西和 秀英 庆安 永清 仁和 南澳 三台
松山 新洲 新北 开江 平江 黑山 锦江 故城 恒山 噶尔 五河 钢城 青河 雅江 马村 永昌
永宁
'
export ZC_GENERIC
LC_ALL=C
export LC_ALL
tab=$(printf '\t')
tmp=${TMPDIR:-/tmp}/gen_regions.$$
trap 'rm -f "$tmp" "$tmp.raw"' EXIT
trap 'exit 1' HUP INT TERM

awk -F, -v OFS="$tab" '
BEGIN {
    n = split(ENVIRON["ZC_GENERIC"], g, " ")
    for (i = 1; i <= n; i++) generic[g[i]] = 1
    # Ethnic designations stripped from autonomous areas, longest first;
    # the bare forms without 族 occur in Xinjiang names (伊犁哈萨克自治州).
    ne = split("维吾尔族 柯尔克孜族 达斡尔族 哈萨克族 塔吉克族 乌孜别克族 " \
        "俄罗斯族 鄂温克族 鄂伦春族 塔塔尔族 蒙古族 朝鲜族 布依族 土家族 " \
        "哈尼族 傈僳族 拉祜族 纳西族 景颇族 仫佬族 毛南族 仡佬族 布朗族 " \
        "撒拉族 阿昌族 普米族 东乡族 保安族 裕固族 独龙族 德昂族 门巴族 " \
        "珞巴族 基诺族 赫哲族 高山族 锡伯族 回族 藏族 苗族 彝族 壮族 满族 " \
        "侗族 瑶族 白族 傣族 黎族 佤族 畲族 水族 土族 羌族 怒族 京族 各族 " \
        "维吾尔 柯尔克孜 哈萨克 塔吉克 蒙古 锡伯", eth, " ")
}
# Bytes are counted in the C locale; UTF-8 continuation bytes are not
# characters.
function nchar(s,   t) { t = s; return length(t) - gsub(/[\200-\277]/, "", t) }
function ends(s, suf) {
    return length(s) >= length(suf) && substr(s, length(s) - length(suf) + 1) == suf
}
function cut(s, suf) { return substr(s, 1, length(s) - length(suf)) }
# Drop trailing ethnic designations while two characters or more remain.
function strip_ethnic(s,   i, again) {
    do {
        again = 0
        for (i = 1; i <= ne; i++)
            if (ends(s, eth[i]) && nchar(cut(s, eth[i])) >= 2) {
                s = cut(s, eth[i]); again = 1; break
            }
    } while (again)
    if (ends(s, "族") && nchar(cut(s, "族")) >= 2) s = cut(s, "族")   # 东乡族 -> 东乡
    return s
}
function stem(name, level,   i, n, sufs) {
    if (level == "province") {
        if (ends(name, "特别行政区")) return cut(name, "特别行政区")
        if (ends(name, "自治区")) return strip_ethnic(cut(name, "自治区"))
        if (ends(name, "省")) return cut(name, "省")
        if (ends(name, "市")) return cut(name, "市")
        return ""
    }
    if (level == "city") {
        if (ends(name, "自治州")) return strip_ethnic(cut(name, "自治州"))
        if (ends(name, "地区")) return cut(name, "地区")
        if (ends(name, "盟")) return cut(name, "盟")
        if (ends(name, "市")) return cut(name, "市")
        return ""
    }
    if (name ~ /(左|右|前|后|中|联合)旗$/) return ""    # 乌拉特前旗: no bare form in use
    if (ends(name, "自治县")) return strip_ethnic(cut(name, "自治县"))
    if (ends(name, "自治旗")) return strip_ethnic(cut(name, "自治旗"))
    if (name == "神农架林区") return "神农架"            # 碑林区, 万柏林区 are X + 区
    n = split("特区 新区 矿区", sufs, " ")
    for (i = 1; i <= n; i++)
        if (ends(name, sufs[i]) && nchar(cut(name, sufs[i])) >= 2)
            return cut(name, sufs[i])
    for (i = 1; i <= 4; i++) {
        sufs[i] = substr("区县市旗", 3 * i - 2, 3)
        if (ends(name, sufs[i])) {
            name = cut(name, sufs[i])
            return ends(name, "族") ? strip_ethnic(name) : name   # 管城回族区 -> 管城
        }
    }
    return ""                                           # 西沙群岛 and the like
}
function pseudo(name) {
    return name == "市辖区" || name == "县" || name ~ /直辖县级行政区划$/
}
FNR == 1 { file++; next }                               # the header line
{ sub(/\r$/, "") }
$1 !~ /^[0-9][0-9][0-9][0-9][0-9][0-9]$/ || $2 == "" {
    printf "%s:%d: malformed row: %s\n", FILENAME, FNR, $0 > "/dev/stderr"
    bad = 1; next
}
$1 in level {
    printf "%s:%d: code %s appears twice\n", FILENAME, FNR, $1 > "/dev/stderr"
    bad = 1; next
}
file == 1 { code[++nr] = $1; name[$1] = $2; level[$1] = "province"; parent[$1] = ""; next }
file == 2 {
    if (pseudo($2)) next                                # 429000 湖北省-自治区直辖县级行政区划
    code[++nr] = $1; name[$1] = $2; level[$1] = "city"
    parent[$1] = substr($1, 1, 2) "0000"; next
}
file == 3 {
    if (pseudo($2)) next
    code[++nr] = $1; name[$1] = $2; level[$1] = "county"
    c = substr($1, 1, 4) "00"                           # 110101: no 110100 row
    parent[$1] = (level[c] == "city") ? c : substr($1, 1, 2) "0000"
}
END {
    if (bad) exit 1
    for (i = 1; i <= nr; i++) {
        k = code[i]
        if (parent[k] != "" && level[parent[k]] != "province" && level[parent[k]] != "city") {
            printf "%s %s: no province-level row %s\n", k, name[k], parent[k] > "/dev/stderr"
            exit 1
        }
        s = stem(name[k], level[k])
        short[k] = (nchar(s) < 2 || s == name[k] || (s in generic)) ? "" : s
    }
    # A short form never repeats a name or short form of a higher level
    # (吉林市 keeps no 吉林, 海南藏族自治州 no 海南, 朝阳区 no 朝阳).
    for (i = 1; i <= nr; i++) {
        k = code[i]
        if (level[k] == "province") { above1[name[k]]; if (short[k] != "") above1[short[k]] }
        if (level[k] == "city")     { above2[name[k]]; if (short[k] != "") above2[short[k]] }
    }
    for (i = 1; i <= nr; i++) {
        k = code[i]; s = short[k]
        if (s == "" || level[k] == "province") continue
        if ((s in above1) || (level[k] == "county" && (s in above2))) short[k] = ""
    }
    # Two counties of one parent sharing a short form (井陉县, 井陉矿区): the
    # form cannot tell them apart, so neither keeps it.
    for (i = 1; i <= nr; i++) {
        k = code[i]
        if (level[k] == "county" && short[k] != "") same[parent[k] SUBSEP short[k]]++
    }
    for (i = 1; i <= nr; i++) {
        k = code[i]
        if (level[k] == "county" && short[k] != "" && same[parent[k] SUBSEP short[k]] > 1)
            short[k] = ""
        print k, level[k], name[k], parent[k], short[k]
    }
}
' "$dir/province.csv" "$dir/city.csv" "$dir/area.csv" > "$tmp.raw"
sort -t "$tab" -k1,1 "$tmp.raw" > "$tmp"

count() { awk -F "$tab" -v l="$1" '$2 == l { n++ } END { print n + 0 }' "$tmp"; }
nshort=$(awk -F "$tab" '$5 != "" { n++ } END { print n + 0 }' "$tmp")
cat <<HEADER
# zhengce gazetteer: China's administrative divisions with GB/T 2260 codes.
# Generated by dict/tools/gen_regions.sh from the province, city and area
# tables of the regions data set (MIT licence); names and codes are facts.
# Do not edit by hand; regenerate with
#   dict/tools/gen_regions.sh DIR > dict/lexicon/regions.tsv
#
# One row per division, tab-separated:
#   code         six-digit GB/T 2260 code
#   level        province | city | county
#   name         full official name
#   parent_code  code of the containing division (empty for provinces)
#   short_forms  comma-separated forms used without the suffix (may be empty)
#
# Levels. Municipalities (北京 天津 上海 重庆) have no city level: their
# districts and counties have the province-level row as parent. The
# source's pseudo rows (市辖区, 县, 省直辖县级行政区划, 自治区直辖县级行政区划)
# are not divisions: their county-level children (济源市, 仙桃市, 五指山市,
# 石河子市 ...) have the province as parent. Hong Kong, Macau and Taiwan are
# present as provinces only, as in the source.
#
# Short forms drop the administrative suffix (省 市 自治区 特别行政区 自治州
# 地区 盟 区 县 旗 自治县 自治旗 特区 新区 矿区 林区) and any ethnic
# designation: 广西壮族自治区 -> 广西, 延边朝鲜族自治州 -> 延边, 大兴安岭地区
# -> 大兴安岭, 峨边彝族自治县 -> 峨边, 渝水区 -> 渝水, 瑞金市 -> 瑞金. A short
# form is kept only when it has two characters or more; when it is neither
# an ordinary word of policy text, nor mostly seen across other words, nor
# more often the name of something else (新建 延长 富裕 中方 城关 新城 市中
# 和政 界首 黑山 ...: the list is in the generator); when it does not repeat
# a name or short form of a higher level (吉林市 and 海南藏族自治州 keep
# none, 朝阳区 keeps none because of 朝阳市); and when no other county of
# the same parent has it. Directional banners (乌拉特前旗, 科尔沁左翼中旗)
# keep none.
#
# Rows: $(count province) provinces, $(count city) cities, $(count county) counties; $nshort with a short form.
HEADER
cat "$tmp"
