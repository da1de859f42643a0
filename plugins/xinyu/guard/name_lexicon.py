"""The name detector's word lists: surnames, characters of given names, cue words, ordinary words.

Data only (``names`` holds the rules). Every list is a judgement about ordinary Chinese text, kept here so that a
reviewer can read it in one place; ``scripts/bench_privacy.py`` measures what a change does.
"""

from __future__ import annotations

# Single-character surnames a candidate may start with: the common modern surnames and the rarer ones of 百家姓
# whose character is seldom an ordinary word (訾, 逄, 郗, 仝, 庹…). A rare surname is as private as a common one:
# 訾明远 identifies a pupil better than 王明远.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆"
    "汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔"
    "伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍"
    "华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬"
    "仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝阎萧赖冼"
    # 百家姓 and modern surnames that are seldom ordinary words
    "奚酆廉湛禹狄昝裘贲杭洪钮嵇荀於惠芮羿汲邴糜隗宓郗钭戎韶郜蓟邰鄂蔺胥莘逄宰郦雍卻璩濮扈冀郏茹宦戈庾匡禄阙殳夔厍晁訾"
    "阚毋乜鞠巢蒯荆竺逯桓汝鄢钦仉缑亢佴谯笪谌揭琚蹇仝庹禚侍栗粟邸矫寸昌凤贝伏茅屠燕郇眭亓"
)
# Surnames of 百家姓 (and a few modern ones) that are everyday characters (和, 平, 花, 国, 都…): a name with one of
# them is looked for only where the text puts a person (同桌和玉梅, 【花雨晴】, 和平的父母说…), never in running text.
CUE_SURNAMES = (
    frozenset(
        "水云花乐皮元平和计强谈危支经干宣郁诸滑羊家封储松井富乌巴弓牧山蓬班仰秋伊暴厉祖束幸薄印宿怀从索咸籍阴能苍双闻贡劳"
        "扶堵寿通浦别充慕习鱼容慎终暨居衡步都满弘国广东沃利蔚越隆勾融那空养须丰相后红权盖益公晋楚法督帅况墨哈年爱言福"
        "战银续敬初门练原智才鲜种母来过由信楼但代衣户官海占檀仁师"  # 师: 教师, 研磨师
    )
    - SURNAMES
)
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 令狐 夏侯 长孙 宇文 司徒 端木 独孤 南宫 西门 万俟 闻人 赫连 公羊 澹台 公冶 "
    "宗政 濮阳 淳于 单于 太叔 申屠 仲孙 轩辕 钟离 鲜于 闾丘 司空 亓官 司寇 子车 颛孙 巫马 公西 漆雕 乐正 壤驷 公良 拓跋 夹谷 "
    "宰父 谷梁 段干 百里 东郭 南门 呼延 归海 羊舌 微生 梁丘 左丘 东门 商牟 第五".split()
)
# Compound surnames that are also everyday words (东方, 百里, 第五, 司空见惯): a name only where the text puts a person.
WORDY_COMPOUNDS = frozenset(
    "东方 长孙 西门 公孙 南宫 单于 太叔 司空 子车 公西 乐正 公良 夹谷 百里 东郭 南门 归海 东门 第五 濮阳 轩辕".split()
)
# Compound surnames that are nothing else: followed by given-name characters, a name (上官宏, 慕容雪).
RARE_COMPOUND = COMPOUND_SURNAMES - WORDY_COMPOUNDS
# Compound surnames looked for in running text (the wordy ones above only with a cue, as before).
CANDIDATE_COMPOUNDS = RARE_COMPOUND | {"东方", "长孙", "西门", "公孙", "南宫"}

# A name usually stands just before a role (张伟同学, 王芳的妈妈) or just after an introduction (学生张伟, 名叫张伟).
# Cues are plain words so that the regex engine can skip ahead on their first characters.

POST_CUES = frozenset(
    "同学 老师 妈妈 爸爸 父亲 母亲 家长 奶奶 爷爷 外婆 外公 姥姥 姥爷 姐姐 哥哥 弟弟 妹妹 阿姨 叔叔 班主任 校长 主任 医生 女士 先生 同志 "
    "说 告诉 主动 总是 经常 一个人 同意 拒绝 表示 哭着 ，男 ，女 （男 （女 ,男 ,女 (男 (女".split()
)
PERSON_CUES = frozenset(
    "学生 同学 来访者 当事人 个案 男生 女生 男孩 女孩 孩子 儿子 女儿 同桌 室友 好友 朋友 名叫 叫做 叫 姓名 名字是 班主任 老师 妈妈 爸爸 "
    "父亲 母亲 爷爷 奶奶 外婆 外公 哥哥 姐姐 弟弟 妹妹 家长 患者 作者 继父 继母 舅舅 姑姑 表姐 表哥 心理委员 班长 "
    # roles in a class or a group, before the pupil who has them (组长：宋奕辰, 课代表吴昊天)
    "副班长 课代表 团支书 宿舍长 组长 组员 记录员 发言人 计时员 汇报人 观察员 队长 队员 原名 真名 本名 真实姓名 全名".split()
)
# Words that often stand before a subject: enough to look closer at a name-like word, not to suspect an ordinary one.
TIME_CUES = frozenset("后来 那天 下午 上午 发现".split())
PRE_CUES = PERSON_CUES | TIME_CUES

# Transliterated foreign names (马斯洛, 罗杰斯, 埃里克森) are authors being cited, not clients.
FOREIGN_CHARS = frozenset("斯尔洛弗姆森特克瑟")

# Western first names in their usual Chinese transliteration (Annie, Susan, Sophie): in lectures and picture books
# they are mostly foreign people or characters, but 苏菲 or 安琪 can be a pupil too: only a warning.
TRANSLITERATED = frozenset(
    "安妮 艾莉 苏珊 乔丹 艾琳 艾伦 米娅 罗莎 汉娜 苏菲 安迪 柯林 戴安 艾米 艾玛 安吉 罗宾 黛西 莎莉 安娜 安琪拉 贝拉 艾丽 艾薇 "
    "莉娜 丽莎 蒂娜 凯莉 萨拉 莎拉 娜塔莎 戴维 汤米 杰米 乔伊 乔安 罗杰 米兰达 白兰 伊万 伊娜 贝琳达".split()
)

NOT_GIVEN = frozenset("某氏老小总")

# Characters that do not begin a given name: function words and role words (王老师, 李某, 张同学, 高中).
NOT_GIVEN_START = frozenset(
    "某氏老小总的了是在和与及或也都就不很们个这那有说我你他她它上下中里会要对到着把被让给从向等同学师妈爸家校班年级"
)

# Ordinary words that jieba sometimes tags as person names.
NOT_NAMES = frozenset(
    "师傅 师父 阿姨 叔叔 伯伯 大爷 大妈 老乡 同志 司机 保安 保洁 班长 组长 队长 校长 主任 医生 护士 记者 警察 家长 孩子 宝宝 高三 高一 高二 高考 "
    "初一 初中 高中".split()
)

NAME_TAGS = ("nr", "nrfg")
# Ordinary words (solar terms, words missing from jieba's dictionary) that are names only where the text puts a person
# (白露摇摇头, 夏雨哭着说…), never in running text (白露时节, 高亮显示, 夏雨过后).
WORDS_LIKE_NAMES = frozenset("谷雨 白露 夏至 冬至 立秋 高亮 高光 夏雨".split())


# Characters common in the given names of today's pupils and parents (梓涵, 浩然, 秀英, 建国). A surname followed by
# one of these is a candidate; others (王老师, 张开, 李某, 高中) are never looked at. Function words, measure words and
# most verbs are left out on purpose (also 和, rare in names and everywhere in text).
GIVEN_CHARS = frozenset(
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂华玉兰萍红鹏建文辉力斌宇浩凯健俊帆帅旭宁龙林欣雨涵梓轩子豪晨阳博思琪佳怡嘉睿"
    "一诺然梦瑶若曦婷雪慧颖琳晶倩燕丹蕾薇菲璐瑜珊莉悦彤彦锦沐泽昊宸逸航铭哲霖煜辰皓烨奕翔昕毅骏鑫淼森峰岩松柏楠桐杉梅菊荷莲芸芝蓉"
    "蕊茜莹萱蓓瑾瑞璇琦琼瑛珍珠玲珂娇婉媛妍姝娅婕嫣妮姗婧娴雯霏露霜云月星晓晴昱晗晖旻昌晟景智聪德仁义礼信忠孝贤良善诚勤恒志远鸿鹤"
    "凤丰富贵荣盛兴旺隆福禄寿喜乐欢庆祥瑞吉安康泰国邦东南西北山海江河川泉溪波洪清澄潇源润沛洁凌冰杨柳桦梁栋雄威武壮坚立振"
    "飞腾跃程宏大广峻岳崇石金银钢锋铮锐钰春秋冬夏朝雅韵韶歌诗书琴艺美巧灵俐伶宜妙婵娥紫青蓝翠碧素彩绣绮纯真淑贞柔温亮耀煌灿"
    "炜熠焕奇卓越凡天佑祺祎禹尧舜骁骐骞驰鸣楷柯恺锴岚屹嵘岑岱新心怀恩爱宝珺琰瑄珈玥璟翊羽昭晋鼎汉卫启迪聿钧铄镕霄浚淳"
    "湘沁滢漫澜潼涓淇汐沫洛洲渝渊涌潮卿宛蓬茂莎苗蔚芮芊芷苒茹菁萌葳蒙莘兮依伊倪伦侃倬傲儒元允兆先光克全冠勋劲勉"
    "千卉友双叶君吟唯圆坤均培基堂增士声嫚孜宣宪寅尊少尚展巍希庭廷弘彬彰影征律忆念恬悠"
    "惠慈慕憬戈承抒政敬斐方旷昀昆昶晏普暄曜曼望朗杭枫栩桢梵楚榕槐樱正毓永汀泓泳津"
    "添湛滨漪澈炫炳烁照熙爽琛琬瑗璋璞环瑭甜畅登益盈瞳砚硕祥秀稷童端笛筠箐策简"
    "纳绍维缘罡翰舒艺芃芙芬花苏茵菡蔓蕙藻虹蝶衡裕誉谦豫贝资赫达迎郁醇"
    "鉴钊镜闻雁集霓靖韬顺颂风飘香馨鸥鹭麒麟黎语可虎令鹃"
    "墨言朵知予禾栀柚筱颢瀚歆默橙峥珞珏宥寰炎焱晔曈晞桉樾棠槿梧柠苡茗荞菀蓁蕴蘅茉菱凝冉翎翌忻怿惟洵浔漾灏煦嵩乾娉韧"  # 子墨, 知予, 默涵
)

# A two-character name (张伟, 王芳) needs a given-name character that is rare in ordinary words: 高亮, 单中 and 时明
# are segmented as names too.
RARE_GIVEN = frozenset(
    "伟芳娜秀敏磊涛娟艳杰霞刚桂萍鹏斌浩凯俊帅旭涵梓轩豪琪怡睿瑶曦婷慧颖琳倩燕蕾薇菲璐瑜珊莉彤彦锦昊宸逸铭哲霖煜皓烨奕翔昕"
    "骏鑫淼峰岩楠桐萱蓓瑾璇琦琼瑛玲珂娇婉媛妍姝娅婕嫣妮姗婧娴雯霏晗晖旻晟鸿鹤凤栋雄峻钰珺琰瑄玥璟翊禹尧骁骐骞楷恺锴岚屹嵘"
    "岱淳滢澜潼涓淇汐渝芮芊芷苒茹菁葳莘侃倬勋坤嫚孜巍彬恬昀昆昶暄曜朗栩桢榕毓泓炫炳烁熙琛琬瑗璋璞瑭硕筠箐翰芃菡蕙霓靖韬馨麒麟"
)

# Given names that are also everyday characters: enough for a two-character name jieba made up (王洋), not for one
# that is in its dictionary (安静, 文华).
STRONG_GIVEN = RARE_GIVEN | frozenset("娟丽静强勇英华兰红辉斌宇龙欣雨晨阳佳嘉梦若雪晶丹蕾悦泽航辰磊森军洋超平玉建文力健帆林博思一然")

# Tags of a surname character used as an ordinary word (向/p 他们, 常/d, 连/c, 一张/m): not the start of a name.
WORD_TAGS = frozenset("p c d v vn vd f m r t u uj ul uz ud ug uv y e o".split())

# Tags of a token that cannot be a given name after a lone surname character.
NOT_GIVEN_TAGS = frozenset("v vn vd d p c u uj ul uz ud ug uv r m q f t y e o ns nt s".split())

FUNCTION_TAGS = frozenset("p c u uj ul d r m q f".split())

VERB_TAGS = frozenset("v vn vd vi".split())

# Characters that end a name next to a cue rather than belong to it (张伟说, 李娜和).
CUED_NOT_GIVEN = NOT_GIVEN_START | frozenset("说讲问答告和跟在是的了都也就很又还把被对给向从到让请叫来去不没最地得")

# Pseudonym and nickname prefixes: 小王, 老李, 阿杰 are never real names.
NICKNAME_BEFORE = frozenset("小老阿")

# Frequent words of jieba's dictionary that begin with a surname and a given-name character (frequency ≥ 100; those
# tagged nr only when the given name is an everyday character: 安静, 明白, not 李娜) or end with a surname (frequency
# ≥ 500, not tagged nr): a candidate inside one is skipped before any segmentation (安全, 高一, 老师, 健康, 非常).
# Compound surnames (欧阳) are dictionary words too, and are kept.
WORD_STARTS = (
    frozenset(
        "丁香 万一 万元 万千 万国 万安 万山 万方 丛书 丛林 严峻 严明 严正 乔石 乔红 任一 何方 党建 党政 党羽 党风 全书 全军 全力 全国 全天 全文 全新 全景 全然 全盛 全真 全程 全美 全邦 全集 兰芝 兰花 关东 "
        "关山 关心 关怀 关照 关爱 关羽 关露 农林 冷峻 冷杉 冷清 冷静 冷风 凌晨 刘基 刘裕 刘邦 包子 包金 包银 华东 华丽 华北 华南 华夏 华山 华瑞 华美 华贵 华辰 卓越 单一 单元 单子 单纯 卫国 卫士 卫星 古书 "
        "古力 古国 古山 古文 古月 古诗 史书 史方 史诗 叶子 吉安 吉普 吉祥 吉达 向东 向海 向阳 吴国 吴楚 吴越 周一 周全 周朝 周礼 唐朝 唐诗 商朝 夏天 夏秋 孔子 孔明 孙子 孙策 孟子 季梁 季风 宁夏 宁波 宁海 "
        "宁远 宁静 安乐 安全 安南 安国 安培 安宁 安庆 安康 安心 安然 安西 安贞 安达 安阳 安静 安龙 宋元 宋朝 宋江 宫廷 尚书 岳飞 巫山 师大 师承 师资 常山 常平 常德 常温 常青 庄子 应允 应力 应声 应天 应征 "
        "应承 庞大 庞德 康佳 康宁 康德 张大 张宁 张望 张衡 张飞 彭真 徐海 成书 成仁 成全 成天 成文 成方 成立 房东 房基 房子 文书 文华 文峰 文昌 文明 文武 文艺 文雅 文集 文风 方圆 方士 方子 方正 方程 施展 "
        "施恩 施政 施礼 时光 时尚 时政 时辰 明亮 明天 明文 明明 明星 明智 明月 明朝 明清 明珠 明镜 景山 曲子 曲艺 朱德 朱红 李子 李强 李渊 杨柳 杨维 林子 林立 柏林 查明 查清 柯达 桂冠 桂林 桂花 梁山 梅子 "
        "梅林 梅花 梅雨 欧元 欧文 欧洲 欧美 欧阳 武力 武士 武大 武威 武昌 武松 武林 武汉 武艺 段子 殷勤 殷红 江东 江北 江南 江夏 江山 江心 江汉 江河 江海 江苏 江西 江青 池河 汪洋 沈思 沈阳 沙子 沙河 沙洲 "
        "沙龙 温和 温柔 温泉 温顺 游乐 游子 游泳 游艺 牛津 王国 王子 王平 王明 王朝 甘心 甘泉 甘露 申明 申花 白云 白光 白天 白杨 白河 白洋 白玉 白石 白花 白莲 白金 白银 白雪 盛夏 盛大 石子 石安 石山 石林 "
        "石河 石英 石龙 祝寿 祝福 秦军 秦国 秦安 秦朝 秦汉 秦河 程志 章程 童子 简明 简洁 管子 米兰 纪律 纪念 罗山 罗汉 罗素 胡佳 胡子 胡风 舒展 舒畅 芦花 苏丹 苏军 苏北 苏南 苏宁 苏林 苗子 荣禄 荣耀 荣誉 "
        "莫大 董卓 蓝光 蓝天 袁绍 解宝 许昌 许诺 谢恩 谷子 费力 费劲 费心 贺喜 贺龙 赵云 路基 路子 路德 路程 车子 车程 辛勤 边缘 边远 连声 连天 连环 连珠 郎君 郑克 郑和 金丹 金元 金光 金冠 金华 金国 金子 "
        "金山 金川 金平 金文 金昌 金星 金石 金秋 金花 金莲 金蝶 金银 钟声 钟山 钟爱 钟祥 阳光 阳子 阳新 陆军 陆基 陆羽 陈云 陈毅 隋朝 雷声 雷达 雷锋 雷雨 雷鸣 韩信 韩国 项羽 顾念 顾源 马克 马兰 马力 马良 "
        "马赫 马超 高一 高丽 高傲 高兴 高声 高大 高尚 高山 高平 高强 高新 高明 高歌 高温 高潮 高盛 高程 高端 高贵 高超 高雅 魏国 魏晋 麦子 黄兴 黄安 黄山 黄忠 黄河 黄海 黄石 黄花 黄金 黄龙 黎明 黎曼 齐全 "
        "齐国 齐声 齐集 齐鸣 龙大 龙山 龙泉 ".split()
    )
    - COMPOUND_SURNAMES
)

WORD_ENDS = frozenset(
    "一向 一周 一张 一方 一时 一段 一路 一边 一连 一项 一齐 万万 万余 万向 三路 上任 上司 上周 上方 上游 上边 上马 下游 下边 下马 不安 不屈 不成 不时 不明 不易 不曾 不管 不许 不顾 专项 世纪 业余 东方 "
    "东欧 东边 两方 两路 两边 两项 中华 中叶 中文 中方 中段 中游 中路 临时 丹麦 为何 主任 主席 主张 主管 之江 乐于 九江 也许 书房 乳房 了解 事项 二路 五岳 交付 交易 产于 京师 亲戚 亲王 人文 人马 介于 "
    "代谢 价钱 任何 优于 位于 低于 低温 住房 何时 余万 作文 供应 便于 促成 保全 保卫 信任 倾向 做成 健全 健康 儿童 允许 先秦 光华 光明 光谷 免费 全党 全文 公司 公安 公路 关于 兵马 其余 其时 养成 兼任 "
    "兼顾 内陆 写成 军师 军方 军费 军马 农田 冬季 冶金 几万 几何 出于 出任 出席 出路 分成 分明 分解 分钟 列席 列车 初时 利于 制成 刺史 前方 前景 前边 剩余 勋章 化石 化解 北宋 北方 北魏 医师 十万 千万 "
    "千古 千张 千米 升高 华夏 协商 南唐 南宋 南岳 南方 南路 南阳 卡车 厂商 历任 历史 历时 历程 厘米 厢房 厨房 及时 双方 双边 反应 发明 变成 只管 只顾 右边 各方 各路 各项 合成 合金 同时 名单 后宫 后方 "
    "后边 君王 周边 咸宁 响应 善于 四周 四方 四项 回应 回顾 园林 国师 国王 土司 在于 地方 场景 城池 基于 基金 增高 声明 处于 夏季 外商 外文 外边 多万 多于 多余 多方 多项 大于 大师 大方 大明 大江 大石 "
    "大米 大连 大陆 天文 天麻 太师 太阳 夸张 奈何 奖金 女王 女郎 如何 始于 委屈 威严 学费 宁夏 守卫 安全 安宁 安陆 完全 完成 完毕 官司 官方 定向 实施 审查 客商 客车 容易 富于 寒冷 对于 对付 对应 对方 "
    "寻常 导向 导师 导游 射程 尊严 小于 小孔 小时 小路 小麦 少于 少林 尽管 居于 届时 属于 山石 山谷 山路 岩石 岸边 峡谷 工农 工商 工程 左边 已成 巴黎 常常 平安 平常 平时 年纪 庄严 庆祝 应付 延安 建于 "
    "建成 异常 弯曲 强盛 归于 当成 当时 形成 彩陶 律师 御史 德安 思路 急于 总管 恩施 情景 意杨 感应 感谢 戏曲 或许 战车 战马 手段 扩张 承包 护卫 报仇 抬高 担任 招商 指向 按时 掌管 探明 接应 接管 接连 "
    "推向 措施 提高 支付 收费 改成 攻关 政党 故宫 效应 敌方 教师 敢于 散文 数万 整齐 文华 文章 新华 新高 方向 方程 旁边 旅游 无关 日常 时尚 时常 时时 旺盛 昆明 明明 易于 春季 普查 暂时 最高 有余 有关 "
    "有时 有钱 朝阳 未曾 本文 本章 机关 村庄 来时 构成 树林 桥梁 检查 森林 模范 歌曲 正宗 正常 正文 此时 每周 毫米 气温 水文 水路 水陆 永安 汉文 汉江 汉阳 江夏 江苏 汽车 沈阳 河段 河谷 河边 油田 治安 "
    "沿江 波兰 泥沙 洛阳 流程 浙江 浪费 海关 海边 消费 清华 清宫 清江 渡江 源于 溶于 溶解 潜江 潼关 火车 炒米 照明 照顾 现任 现金 珠江 理应 理解 瓦解 生于 生成 用于 由于 电池 电路 登时 登陆 白马 百万 "
    "皇宫 监管 相关 相应 相连 眉毛 看成 矿石 示范 祖师 神农 神龙 秘鲁 积温 稻谷 空白 立方 立时 章程 等于 筑成 答应 简单 米兰 精华 糊涂 糯米 紧张 繁华 繁荣 线路 组成 终于 经常 经费 结成 缓解 编成 编钟 "
    "罗马 置于 老师 考古 耗费 耳边 职司 聪明 肃穆 背景 自卫 自古 自成 至于 芬兰 花费 花钱 苍白 英文 茶叶 荆江 草丛 药师 荷兰 荷叶 落叶 落成 葫芦 蒙古 蛋白 血管 行李 行程 表明 襄阳 西周 西夏 西安 西方 "
    "西欧 西边 见于 见解 规章 规范 警卫 警方 议程 论文 设施 证明 诗文 语文 误解 说明 请安 课程 调查 调解 豪华 责任 贸易 资费 资金 赚钱 赛季 赞成 走向 走路 趋于 趋向 路边 身边 身高 车程 转向 轻易 轿车 "
    "辽宁 达成 过于 过程 这时 这边 这项 进宫 进程 远安 远程 连连 适于 适应 适时 选任 选项 透明 通向 通商 通常 通车 通高 造成 造林 道路 那时 那边 郧阳 里程 里边 重任 重申 重阳 金钱 鉴于 铁路 铭文 镇江 "
    "长安 长江 长沙 阐明 队伍 防卫 防范 阴阳 阶段 陆游 限于 陷于 隋唐 随时 集成 雪白 霎时 非常 面包 面向 面孔 顽童 顿时 预付 风景 首席 马路 驸马 驻华 骑马 高于 高尚 高温 高高 鱼池 鱼苗 鲜明 黄连 黄金 "
    "黑白 ".split()
)

# 小 + a given-name character that is an ordinary word, not the given name of 张小明.
XIAO_WORDS = frozenset(
    "小心 小声 小康 小巧 小子 小富 小国 小友 小照 小礼 小花 小苗 小资 小风 小书 小石 小雪 小星 小方 小满 小喜 小义 小品".split()
)
